// The photo chooser: the chosen photo's thumbnail, caption and credit show as soon as it is
// chosen, whether from the pop-up library list, by typing its number, from the search box or
// by uploading it. Every chooser on the page is handled from the document, so photo blocks
// added after the page loaded work too. Photos are asked for by ?id=, never by rewriting an address.
'use strict';
{
    const $ = django.jQuery;
    const SEARCH_DELAY = 250; // milliseconds after the last keystroke
    const NUMBER_DELAY = 400;
    let listboxCount = 0;

    function numberInput(chooser) {
        return chooser.querySelector('input.vForeignKeyRawIdAdminField');
    }

    function element(tag, className, text) {
        const node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined) node.textContent = text;
        return node;
    }

    async function requestJSON(url, options = {}) {
        const response = await fetch(url, {credentials: 'same-origin', headers: {Accept: 'application/json'}, ...options});
        let data = null;
        try {
            data = await response.json();
        } catch {
            data = null;
        }
        return {ok: response.ok, status: response.status, data};
    }

    function showPreview(chooser, photo, message) {
        const figure = chooser.querySelector('.photo-chooser-preview');
        const image = figure.querySelector('img');
        chooser.dataset.shownId = photo ? String(photo.id) : '';
        if (!photo) {
            figure.hidden = true;
            image.removeAttribute('src');
            image.alt = '';
            figure.querySelector('figcaption').textContent = '';
            chooser.querySelector('.photo-chooser-message').textContent = message || '';
            return;
        }
        image.src = photo.thumbnail_url;
        image.alt = photo.alt_text;
        figure.querySelector('figcaption').textContent = photo.caption_with_credit;
        figure.hidden = false;
        chooser.querySelector('.photo-chooser-message').textContent = (photo.problems || []).join(' ');
    }

    // Put `photo` in the field and show it; "change" tells the rest of the form (autosave, Django's links).
    function choose(chooser, photo) {
        const input = numberInput(chooser);
        input.value = photo.id;
        showPreview(chooser, photo);
        $(input).trigger('change');
    }

    function lookUp(chooser) {
        const input = numberInput(chooser);
        const number = input.value.trim();
        if (number === chooser.dataset.shownId) return;
        if (!number) {
            showPreview(chooser, null);
            return;
        }
        const url = new URL(chooser.dataset.photoUrl, window.location.href);
        url.searchParams.set('id', number);
        requestJSON(url).then(({ok, status, data}) => {
            if (input.value.trim() !== number) return; // the editor typed on meanwhile
            if (ok) showPreview(chooser, data);
            else showPreview(chooser, null, data?.message || `The photo could not be looked up (${status}).`);
        }).catch(() => showPreview(chooser, null, 'The photo could not be looked up: the connection was lost.'));
    }

    // Django's pop-up list sets the number and triggers "change"; so does leaving a typed number.
    $(document).on('change', '.photo-chooser input.vForeignKeyRawIdAdminField', function() {
        lookUp(this.closest('.photo-chooser'));
    });

    function debounced(holder, key, delay, action) {
        clearTimeout(holder[key]);
        holder[key] = setTimeout(action, delay);
    }

    document.addEventListener('input', (event) => {
        const chooser = event.target.closest('.photo-chooser');
        if (!chooser) return;
        if (event.target.matches('input.vForeignKeyRawIdAdminField')) {
            debounced(chooser, 'numberTimer', NUMBER_DELAY, () => lookUp(chooser));
        } else if (event.target.matches('.photo-chooser-query')) {
            debounced(chooser, 'searchTimer', SEARCH_DELAY, () => search(chooser, event.target.value));
        }
    });

    // --- search as you type ------------------------------------------------------------------------

    function searchParts(chooser) {
        const box = chooser.querySelector('.photo-chooser-query');
        const list = chooser.querySelector('.photo-chooser-results');
        if (!list.id) {
            // Set here, not in the template: Django renames an added inline's ids, not aria references.
            listboxCount += 1;
            list.id = `photo-chooser-results-${listboxCount}`;
            box.setAttribute('aria-controls', list.id);
        }
        return {box, list, status: chooser.querySelector('.photo-chooser-search-status')};
    }

    function closeResults(chooser) {
        const {box, list} = searchParts(chooser);
        list.hidden = true;
        list.replaceChildren();
        box.setAttribute('aria-expanded', 'false');
        box.removeAttribute('aria-activedescendant');
    }

    function search(chooser, text) {
        const {box, list, status} = searchParts(chooser);
        chooser.searchRequest?.abort();
        const controller = new AbortController();
        chooser.searchRequest = controller;
        const url = new URL(chooser.dataset.searchUrl, window.location.href);
        url.searchParams.set('q', text.trim());
        status.textContent = 'Searching…';
        requestJSON(url, {signal: controller.signal}).then(({ok, status: code, data}) => {
            if (!ok) {
                closeResults(chooser);
                status.textContent = data?.message || `The search failed (${code}).`;
                return;
            }
            list.replaceChildren(...data.results.map((photo) => option(list, photo)));
            list.hidden = !data.results.length;
            box.setAttribute('aria-expanded', String(Boolean(data.results.length)));
            box.removeAttribute('aria-activedescendant');
            status.textContent = data.message;
        }).catch((error) => {
            if (error.name !== 'AbortError') status.textContent = 'The search failed: the connection was lost.';
        });
    }

    function option(list, photo) {
        const item = element('li');
        item.id = `${list.id}-${photo.id}`;
        item.setAttribute('role', 'option');
        item.setAttribute('aria-selected', 'false');
        item.photo = photo;
        const image = element('img');
        image.src = photo.thumbnail_url;
        image.alt = '';
        const text = element('span', '', `${photo.caption_with_credit || 'No caption'} `);
        text.append(element('span', 'help', `Photo ${photo.id}`));
        for (const problem of photo.problems) text.append(' ', element('span', 'photo-chooser-problem', problem));
        item.append(image, text);
        return item;
    }

    function activate(chooser, item) {
        const {box, list} = searchParts(chooser);
        for (const other of list.querySelectorAll('[aria-selected=true]')) other.setAttribute('aria-selected', 'false');
        if (!item) return;
        item.setAttribute('aria-selected', 'true');
        box.setAttribute('aria-activedescendant', item.id);
        item.scrollIntoView({block: 'nearest'});
    }

    function pick(chooser, item) {
        const {box, status} = searchParts(chooser);
        choose(chooser, item.photo);
        closeResults(chooser);
        box.value = '';
        status.textContent = `Photo ${item.photo.id} chosen.`;
    }

    document.addEventListener('keydown', (event) => {
        const chooser = event.target.closest('.photo-chooser');
        if (!chooser) return;
        if (event.target.matches('.photo-chooser-upload input') && event.key === 'Enter') {
            event.preventDefault(); // Enter in the upload form must not save the story
            return;
        }
        if (!event.target.matches('.photo-chooser-query')) return;
        const {list} = searchParts(chooser);
        const items = Array.from(list.children);
        const current = list.querySelector('[aria-selected=true]');
        const index = items.indexOf(current);
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            if (list.hidden) {
                search(chooser, event.target.value);
                return;
            }
            const step = event.key === 'ArrowDown' ? 1 : -1;
            activate(chooser, items[(index + step + items.length) % items.length]);
        } else if (event.key === 'Enter') {
            event.preventDefault(); // never submits the story form
            if (current) pick(chooser, current);
        } else if (event.key === 'Escape' && !list.hidden) {
            event.preventDefault();
            closeResults(chooser);
        }
    });

    // mousedown, not click: the search box keeps its focus until the photo is chosen.
    document.addEventListener('mousedown', (event) => {
        const item = event.target.closest('.photo-chooser-results [role=option]');
        if (!item) return;
        event.preventDefault();
        pick(item.closest('.photo-chooser'), item);
    });

    document.addEventListener('focusout', (event) => {
        if (!event.target.matches?.('.photo-chooser-query')) return;
        const chooser = event.target.closest('.photo-chooser');
        setTimeout(() => {
            if (!chooser.contains(document.activeElement)) closeResults(chooser);
        }, 150);
    });

    // --- upload from the chooser -----------------------------------------------------------------

    function upload(chooser, allowSimilar) {
        const panel = chooser.querySelector('.photo-chooser-upload');
        const status = panel.querySelector('.photo-chooser-upload-status');
        const button = panel.querySelector('.photo-chooser-upload-button');
        const file = panel.querySelector('.photo-chooser-file').files[0];
        if (!file) {
            status.textContent = 'Choose a picture file to upload.';
            return;
        }
        const body = new FormData();
        body.append('file', file);
        body.append('alt_text', panel.querySelector('.photo-chooser-alt').value);
        if (panel.querySelector('.photo-chooser-decorative').checked) body.append('decorative', '1');
        body.append('caption', panel.querySelector('.photo-chooser-caption').value);
        body.append('credit', panel.querySelector('.photo-chooser-credit').value);
        if (allowSimilar) body.append('allow_similar', '1');
        const token = document.querySelector('[name=csrfmiddlewaretoken]')?.value || '';
        status.textContent = `Uploading ${file.name}…`;
        button.disabled = true;
        requestJSON(chooser.dataset.uploadUrl, {method: 'POST', body, headers: {Accept: 'application/json', 'X-CSRFToken': token}})
            .then(({status: code, data}) => {
                if (data?.photo && (data.status === 'created' || data.status === 'duplicate')) {
                    choose(chooser, data.photo);
                    status.textContent = `${data.message} It is now chosen.`;
                    for (const note of data.notes || []) status.append(' ', element('span', 'help', note));
                    for (const field of panel.querySelectorAll('input:not([type=checkbox]), textarea')) field.value = '';
                    panel.querySelector('.photo-chooser-decorative').checked = false;
                } else if (data?.status === 'similar') {
                    status.textContent = `${data.message} `;
                    const again = element('button', 'button', 'Upload it anyway');
                    again.type = 'button';
                    again.addEventListener('click', () => upload(chooser, true));
                    status.append(again);
                } else {
                    status.textContent = data?.message || `The server could not take this file (${code}).`;
                }
            })
            .catch(() => {
                status.textContent = 'The upload failed: the connection was lost.';
            })
            .finally(() => {
                button.disabled = false;
            });
    }

    document.addEventListener('click', (event) => {
        const button = event.target.closest('.photo-chooser-upload-button');
        if (button) upload(button.closest('.photo-chooser'), false);
    });
}
