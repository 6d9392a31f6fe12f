// Set a photo's focal point by clicking on its preview: the click's position,
// as fractions of the width and height, fills the focal point fields.
'use strict';
{
    function place(marker, x, y) {
        marker.style.left = `${x * 100}%`;
        marker.style.top = `${y * 100}%`;
        marker.hidden = false;
    }

    document.addEventListener('DOMContentLoaded', () => {
        const picker = document.querySelector('.focal-point-picker');
        const fieldX = document.getElementById('id_focal_x');
        const fieldY = document.getElementById('id_focal_y');
        if (!picker || !fieldX || !fieldY) return;
        const marker = picker.querySelector('.focal-point-marker');
        if (fieldX.value !== '' && fieldY.value !== '') place(marker, Number(fieldX.value), Number(fieldY.value));
        picker.addEventListener('click', (event) => {
            const box = picker.querySelector('img').getBoundingClientRect();
            const x = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
            const y = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height));
            fieldX.value = x.toFixed(3);
            fieldY.value = y.toFixed(3);
            place(marker, x, y);
        });
    });
}
