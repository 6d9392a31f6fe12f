// A story shown read-only (a Reporter viewing a published story) prints each body block's
// ordering and region as text, but django-content-editor reads them from inputs and stops with
// a TypeError without them. Give it hidden copies before it starts (it starts once the page is
// ready, after this deferred script has run); a view-only page has no save button, so they are
// never submitted.
(() => {
  for (const block of document.querySelectorAll(".inline-related[id]")) {
    for (const name of ["ordering", "region"]) {
      const row = block.querySelector(`.field-${name}`);
      if (!row || row.querySelector(`input[name$="-${name}"]`)) continue;
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = `${block.id}-${name}`;
      input.value = row.querySelector(".readonly")?.textContent.trim() ?? "";
      row.append(input);
    }
  }
})();
