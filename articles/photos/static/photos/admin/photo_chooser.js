// Refresh a photo chooser's thumbnail and caption when another photo is picked,
// from the pop-up library list or by typing a photo number.
'use strict';
{
    const $ = django.jQuery;

    function showPreview(chooser, photo) {
        const figure = chooser.querySelector('.photo-chooser-preview');
        const image = figure.querySelector('img');
        if (!photo) {
            figure.hidden = true;
            image.removeAttribute('src');
            return;
        }
        image.src = photo.thumbnail_url;
        image.alt = photo.alt_text;
        figure.querySelector('figcaption').textContent = photo.caption_with_credit;
        figure.hidden = false;
    }

    $(document).on('change', '.photo-chooser input', function() {
        const chooser = this.closest('.photo-chooser');
        const id = this.value.trim();
        if (!/^\d+$/.test(id)) {
            showPreview(chooser, null);
            return;
        }
        const url = chooser.dataset.previewUrl.replace('{id}', id);
        fetch(url, {credentials: 'same-origin'})
            .then((response) => response.ok ? response.json() : null)
            .then((photo) => showPreview(chooser, photo))
            .catch(() => showPreview(chooser, null));
    });
}
