// Reordering a front's slots: drag a row, or use its Up and Down buttons (keyboard users).
// The form posts the rows' stories in page order, so moving a row is all a reorder takes.
"use strict";
(function () {
  const list = document.querySelector(".front-slot-rows");
  if (!list) return;
  const status = document.getElementById("front-slot-status");

  function relabel() {
    list.querySelectorAll(".front-slot-row").forEach(function (row, index) {
      const label = row.querySelector(".front-slot-label");
      const select = row.querySelector("select");
      label.textContent = index === 0 ? "Lead" : "Slot " + (index + 1);
      select.setAttribute("aria-label", "Story in slot " + (index + 1));
    });
  }

  function announce(row) {
    const rows = Array.from(list.children);
    const select = row.querySelector("select");
    const chosen = select.selectedOptions[0];
    const name = chosen && chosen.value ? chosen.textContent : "Empty slot";
    status.textContent = name + " is now in " + (rows.indexOf(row) === 0 ? "the lead" : "slot " + (rows.indexOf(row) + 1)) + ".";
  }

  list.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    const row = button.closest(".front-slot-row");
    if (button.classList.contains("front-slot-up") && row.previousElementSibling) {
      list.insertBefore(row, row.previousElementSibling);
    } else if (button.classList.contains("front-slot-down") && row.nextElementSibling) {
      list.insertBefore(row.nextElementSibling, row);
    } else if (button.classList.contains("front-slot-clear")) {
      const select = row.querySelector("select");
      select.value = "";
      if (window.django && window.django.jQuery) window.django.jQuery(select).val(null).trigger("change");
    } else {
      return;
    }
    relabel();
    announce(row);
    button.focus();
  });

  let dragged = null;
  list.addEventListener("dragstart", function (event) {
    dragged = event.target.closest(".front-slot-row");
    if (!dragged) return;
    dragged.classList.add("front-slot-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", "");
  });
  list.addEventListener("dragover", function (event) {
    const over = event.target.closest(".front-slot-row");
    if (!dragged || !over || over === dragged) return;
    event.preventDefault();
    const box = over.getBoundingClientRect();
    list.insertBefore(dragged, event.clientY < box.top + box.height / 2 ? over : over.nextElementSibling);
  });
  list.addEventListener("dragend", function () {
    if (!dragged) return;
    dragged.classList.remove("front-slot-dragging");
    relabel();
    announce(dragged);
    dragged = null;
  });
})();
