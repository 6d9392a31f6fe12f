// Batch upload: send each chosen or dropped file on its own request, a few at a
// time, showing progress and the server's verdict per file. A refused file never
// stops the others.
'use strict';
{
    const CONCURRENCY = 3;
    const form = document.getElementById('batch-upload-form');
    const input = document.getElementById('batch-files');
    const dropZone = document.getElementById('batch-drop-zone');
    const list = document.getElementById('batch-results');
    const summary = document.getElementById('batch-summary');
    const endpoint = form.dataset.fileEndpoint;
    const csrfToken = form.querySelector('[name=csrfmiddlewaretoken]').value;
    const queue = [];
    let active = 0;

    // Each file gets its own "save anyway" button instead of the form-wide checkbox.
    document.getElementById('batch-submit').hidden = true;
    document.getElementById('batch-allow-similar-row').hidden = true;

    function element(tag, className, text) {
        const node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined) node.textContent = text;
        return node;
    }

    function link(href, text) {
        const anchor = element('a', '', text);
        anchor.href = href;
        return anchor;
    }

    function updateSummary() {
        const counts = {};
        for (const row of list.querySelectorAll('.batch-file')) {
            counts[row.dataset.status] = (counts[row.dataset.status] || 0) + 1;
        }
        const labels = [['created', 'created'], ['duplicate', 'duplicate'], ['similar', 'look like library photos'],
            ['refused', 'refused'], ['uploading', 'uploading'], ['waiting', 'waiting']];
        summary.textContent = labels.filter(([key]) => counts[key]).map(([key, label]) => `${counts[key]} ${label}`).join(', ');
    }

    function addRow(file) {
        const row = element('li', 'batch-file');
        row.dataset.status = 'waiting';
        row.append(element('span', 'batch-file-name', file.name), element('span', 'batch-file-status', 'waiting'));
        const progress = element('progress');
        progress.max = 1;
        progress.value = 0;
        row.append(progress, element('span', 'batch-file-message'));
        list.append(row);
        return row;
    }

    function show(item, result) {
        const {row} = item;
        row.dataset.status = result.status;
        row.querySelector('.batch-file-status').textContent = result.status;
        row.querySelector('progress').remove?.();
        const message = row.querySelector('.batch-file-message');
        message.replaceChildren(result.message + ' ');
        if (result.photo) message.append(link(result.photo.url, `Open photo ${result.photo.id}`));
        for (const similar of result.similar || []) {
            message.append(' ', link(similar.url, `Photo ${similar.id}`));
        }
        for (const note of result.notes || []) message.append(element('span', 'help', ` ${note}`));
        if (result.status === 'similar') {
            const button = element('button', 'button', 'Save a second copy anyway');
            button.type = 'button';
            button.addEventListener('click', () => {
                button.remove();
                row.append(element('progress'));
                enqueue(item, true);
            });
            message.append(' ', button);
        }
        updateSummary();
    }

    function send(item, allowSimilar) {
        return new Promise((resolve) => {
            const request = new XMLHttpRequest();
            const progress = item.row.querySelector('progress');
            item.row.dataset.status = 'uploading';
            item.row.querySelector('.batch-file-status').textContent = 'uploading';
            updateSummary();
            request.open('POST', endpoint);
            request.setRequestHeader('X-CSRFToken', csrfToken);
            request.upload.addEventListener('progress', (event) => {
                if (progress && event.lengthComputable) progress.value = event.loaded / event.total;
            });
            request.addEventListener('load', () => {
                let result;
                try {
                    result = JSON.parse(request.responseText);
                } catch {
                    result = {status: 'refused', message: `The server could not take this file (${request.status}).`};
                }
                show(item, result);
                resolve();
            });
            request.addEventListener('error', () => {
                show(item, {status: 'refused', message: 'The upload failed: the connection was lost.'});
                resolve();
            });
            const body = new FormData();
            body.append('file', item.file);
            if (allowSimilar) body.append('allow_similar', '1');
            request.send(body);
        });
    }

    function pump() {
        while (active < CONCURRENCY && queue.length) {
            const [item, allowSimilar] = queue.shift();
            active += 1;
            send(item, allowSimilar).finally(() => {
                active -= 1;
                pump();
            });
        }
    }

    function enqueue(item, allowSimilar) {
        queue.push([item, allowSimilar]);
        pump();
    }

    function addFiles(files) {
        for (const file of files) enqueue({file, row: addRow(file)}, false);
        updateSummary();
    }

    input.addEventListener('change', () => {
        addFiles(Array.from(input.files));
        input.value = '';
    });
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        addFiles(Array.from(input.files));
        input.value = '';
    });
    for (const type of ['dragenter', 'dragover']) {
        dropZone.addEventListener(type, (event) => {
            event.preventDefault();
            dropZone.classList.add('is-dragging');
        });
    }
    dropZone.addEventListener('dragleave', () => dropZone.classList.remove('is-dragging'));
    dropZone.addEventListener('drop', (event) => {
        event.preventDefault();
        dropZone.classList.remove('is-dragging');
        addFiles(Array.from(event.dataTransfer.files));
    });
}
