// Fast entry in the story body: a pasted article becomes one block per paragraph, a text block
// splits at the cursor, and a photo or quote block goes in at the cursor.
//
// Everything happens in the browser, on django-content-editor's blocks; the normal admin save
// stores them, and the server sanitises every text block again (articles/stories/sanitizer.py).
// What a paste becomes is decided by paste_rules.js, loaded before this script.
(() => {
  "use strict"

  // The body blocks' formset prefixes (articles/stories/models/blocks.py; checked by
  // tests/workflow/test_body_entry.py).
  const PREFIX = {
    text: "stories_richtext_set",
    quote: "stories_quote_set",
    photo: "stories_inlinephoto_set",
  }
  const KEYS = { split: "Alt+Enter", photo: "Alt+P", quote: "Alt+Q" }

  /*
   * BLOCKS
   */
  let CE = null
  let lastAdded = null
  const editors = new WeakMap() // text block → its prose editor
  const cursorPlaced = new WeakSet() // editors the editor has clicked or typed into
  let pastingIntoOneBlock = false // while Ctrl+Shift+V (⌘+⇧+V) is held
  let pasting = false // while a pasted article is being laid out in blocks

  document.addEventListener("formset:added", (event) => {
    lastAdded = event.target
  })

  function kindOf(block) {
    const prefix = block.id.replace(/-(?:\d+|empty)$/, "")
    return Object.keys(PREFIX).find((kind) => PREFIX[kind] === prefix) || null
  }

  function bodyBlocks() {
    const machine = document.querySelector(".order-machine")
    return [...machine.querySelectorAll(":scope > .inline-related:not(.empty-form)")]
      .filter((block) => block.dataset.region === CE.currentRegion && !block.classList.contains("for-deletion"))
      .sort((a, b) => a.style.order - b.style.order)
  }

  function blockAfter(block) {
    const blocks = bodyBlocks()
    return blocks[blocks.indexOf(block) + 1] || null
  }

  // A new block of `kind` placed before `before` (at the end when null); content-editor numbers
  // the ordering fields of every block again.
  function addBlock(kind, before = null) {
    lastAdded = null
    CE._insertBefore = before
    CE.addContent(PREFIX[kind])
    CE._insertBefore = null
    return lastAdded
  }

  function addBlockAfter(kind, block) {
    return addBlock(kind, blockAfter(block))
  }

  function removeBlock(block) {
    const deleteLink = block.querySelector(".inline-deletelink")
    if (deleteLink) deleteLink.click()
    else block.querySelector(".delete > input[type=checkbox]:not(:checked)")?.click()
  }

  function editorOf(block) {
    if (editors.has(block)) return Promise.resolve(editors.get(block))
    const surface = block.querySelector(".prose-editor > .ProseMirror")
    if (surface?.editor) return Promise.resolve(remember(block, surface.editor))
    const textarea = block.querySelector(".field-text textarea")
    return new Promise((resolve) => {
      textarea.addEventListener("prose-editor:ready", (event) => resolve(remember(block, event.detail.editor)), {
        once: true,
      })
    })
  }

  function remember(block, editor) {
    if (!editors.has(block)) {
      editors.set(block, editor)
      editor.on("focus", () => {
        cursorPlaced.add(editor)
        updateLabels(block)
      })
      editor.on("transaction", () => updateLabels(block))
      updateLabels(block)
    }
    return editor
  }

  function setText(block, editor, content) {
    editor.commands.setContent(content)
    // What the prose editor's own update handler writes, in case a later version emits no update.
    const html = editor.getHTML()
    const textarea = block.querySelector(".field-text textarea")
    textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html
    textarea.dispatchEvent(new Event("input", { bubbles: true }))
    label(block, editor.getText())
  }

  // A block's title starts its text ("New item" for a new one): kept true as blocks change.
  function label(block, text) {
    const title = block.querySelector(":scope > h3 .inline_label")
    const words = text.replace(/\s+/g, " ").trim()
    if (title) title.textContent = words.length > 60 ? `${words.slice(0, 60)}…` : words
  }

  async function addTextBlock(content, before) {
    const block = addBlock("text", before)
    setText(block, await editorOf(block), content)
    return block
  }

  function fillQuote(block, { quote, attribution }) {
    for (const [selector, value] of [
      ['textarea[name$="-quote"]', quote],
      ['input[name$="-attribution"]', attribution || ""],
    ]) {
      const field = block.querySelector(selector)
      field.value = value
      field.dispatchEvent(new Event("input", { bubbles: true }))
    }
    label(block, quote)
  }

  function focusFirstField(block) {
    const field = block.querySelector(
      "fieldset input:not([type=hidden]), fieldset textarea, fieldset select, fieldset button",
    )
    field?.focus()
    field?.scrollIntoView({ block: "center" })
  }

  // The cursor as the browser has it. ProseMirror reads a moved caret on the next selectionchange
  // event, so right after an arrow key (then Alt+Enter) its state can still hold the old place.
  function selectionOf(editor) {
    const { from, to } = editor.state.selection
    const selection = document.getSelection()
    const { view } = editor
    if (!view.hasFocus() || !selection?.anchorNode || !view.dom.contains(selection.anchorNode)) return { from, to }
    try {
      const anchor = view.posAtDOM(selection.anchorNode, selection.anchorOffset)
      const focus = view.posAtDOM(selection.focusNode, selection.focusOffset)
      return { from: Math.min(anchor, focus), to: Math.max(anchor, focus) }
    } catch {
      return { from, to } // not a place in the text (the editor's own widgets)
    }
  }

  // Where the cursor is: "start", "middle" or "end" of the block. An editor never clicked into
  // has its cursor at the end, so "Photo below" on an untouched block puts the photo below it.
  function cursorOf(editor) {
    const { doc } = editor.state
    if (!cursorPlaced.has(editor)) return { place: "end", pos: doc.content.size }
    const pos = selectionOf(editor).from
    const before = doc.cut(0, pos).textContent.trim()
    const after = doc.cut(pos).textContent.trim()
    return { place: !after ? "end" : !before ? "start" : "middle", pos }
  }

  // The block keeps what is before `pos`; what follows goes to a new text block just below.
  async function splitAt(block, editor, pos) {
    const rest = editor.state.doc.cut(pos).toJSON()
    setText(block, editor, editor.state.doc.cut(0, pos).toJSON())
    return addTextBlock(rest, blockAfter(block))
  }

  /*
   * ACTIONS
   */
  // Says what an action did; `undo`, when given, is offered as a button beside the message.
  function announce(message, undo = null) {
    const status = document.querySelector(".body-entry-status")
    if (!status) return
    status.textContent = message
    if (undo) {
      status.append(
        " ",
        button("Undo paste", "Put the block back as it was and remove the pasted blocks", undo, "body-entry-undo"),
      )
    }
  }

  async function split(block) {
    const editor = await editorOf(block)
    const { place, pos } = cursorOf(editor)
    if (place !== "middle") {
      announce("Put the cursor inside the text to split it: there is nothing on one side of it.")
      return
    }
    const second = await splitAt(block, editor, pos)
    const secondEditor = await editorOf(second)
    secondEditor.commands.focus("start")
    announce("Split the text block in two at the cursor.")
  }

  async function insertAtCursor(block, kind) {
    const editor = await editorOf(block)
    const { place, pos } = cursorOf(editor)
    if (place === "middle") await splitAt(block, editor, pos)
    const inserted = place === "start" ? addBlock(kind, block) : addBlockAfter(kind, block)
    focusFirstField(inserted)
    const where = { start: "above the text block", middle: "at the cursor", end: "below the text block" }[place]
    announce(`Added a ${kind === "photo" ? "photo" : "quote"} block ${where}.`)
    return inserted
  }

  async function joinWithNext(block) {
    const next = blockAfter(block)
    if (!next || kindOf(next) !== "text") {
      announce("The block below is not a text block, so there is nothing to join.")
      return
    }
    const [editor, nextEditor] = await Promise.all([editorOf(block), editorOf(next)])
    setText(block, editor, { type: "doc", content: [...editor.getJSON().content, ...nextEditor.getJSON().content] })
    removeBlock(next)
    announce("Joined the text block below into this one.")
  }

  async function paste(block, editor, event) {
    if (pastingIntoOneBlock) return // Ctrl+Shift+V: the editor's own paste, as plain text
    const data = event.clipboardData
    const pieces = window.newsroomPasteRules.parseArticle(data.getData("text/html"), data.getData("text/plain"))
    if (pieces.length < 2 && !pieces.some((piece) => piece.kind === "quote")) return // an ordinary paste
    event.preventDefault()
    event.stopPropagation()

    const { doc } = editor.state
    const original = doc.toJSON()
    const added = []
    const selection = selectionOf(editor)
    const before = cursorPlaced.has(editor) ? doc.cut(0, selection.from) : doc
    const after = cursorPlaced.has(editor) ? doc.cut(selection.to) : null
    const items = [
      ...(before.textContent.trim() ? [{ kind: "text", html: before.toJSON() }] : []),
      ...pieces,
      ...(after?.textContent.trim() ? [{ kind: "text", html: after.toJSON() }] : []),
    ]
    // This block takes the first text; what comes before it goes above, the rest below.
    const own = items.findIndex((item) => item.kind === "text")
    const next = blockAfter(block)
    let cursorAt = null // the cursor ends after the pasted words, as after any paste
    pasting = true
    try {
      for (const [index, item] of items.entries()) {
        let filled = block
        if (index === own) setText(block, editor, item.html)
        else if (item.kind === "text") filled = await addTextBlock(item.html, index < own ? block : next)
        else fillQuote((filled = addBlock("quote", index < own ? block : next)), item)
        if (filled !== block) added.push(filled)
        if (item === pieces.at(-1) && item.kind === "text") cursorAt = filled
      }
    } finally {
      pasting = false
    }
    if (own === -1) removeBlock(block)
    for (const text of bodyBlocks()) updateLabels(text)
    if (cursorAt) (await editorOf(cursorAt)).commands.focus("end")
    const texts = pieces.filter((piece) => piece.kind === "text").length
    const quotes = pieces.length - texts
    const undo = async () => {
      const place = added.length ? blockAfter(added.at(-1)) : null
      for (const pasted of added) removeBlock(pasted)
      let restored = block
      if (own === -1 && block.isConnected) block.querySelector(".delete > input[type=checkbox]:checked")?.click()
      else if (own === -1) restored = addBlock("text", place)
      const restoredEditor = await editorOf(restored)
      setText(restored, restoredEditor, original)
      restoredEditor.commands.focus("end")
      announce("The paste was undone.")
    }
    announce(
      `Pasted ${texts} text block${texts === 1 ? "" : "s"}` +
        (quotes ? ` and ${quotes} quote${quotes === 1 ? "" : "s"}` : "") +
        ". Use “Photo below” on a paragraph to place a photo after it.",
      undo,
    )
  }

  /*
   * INTERFACE
   */
  function button(label, title, onClick, className) {
    const element = document.createElement("button")
    element.type = "button"
    element.className = `button body-entry-button ${className}`
    element.textContent = label
    element.title = title
    element.addEventListener("click", (event) => {
      event.preventDefault()
      onClick()
    })
    return element
  }

  function updateLabels(block) {
    if (pasting) return // once for every block when the paste is done
    const editor = editors.get(block)
    const actions = block.querySelector(".body-entry-actions")
    if (!editor || !actions) return
    const { place } = cursorOf(editor)
    const where = { start: "above", middle: "at cursor", end: "below" }[place]
    actions.querySelector(".body-entry-photo").textContent = `Photo ${where}`
    actions.querySelector(".body-entry-quote").textContent = `Quote ${where}`
    actions.querySelector(".body-entry-split").disabled = place !== "middle"
  }

  function decorate(block) {
    if (kindOf(block) !== "text" || block.querySelector(".body-entry-actions")) return
    const actions = document.createElement("div")
    actions.className = "body-entry-actions"
    actions.setAttribute("role", "group")
    actions.setAttribute("aria-label", "Text block actions")
    actions.append(
      button(
        "Split at cursor",
        `Split this text block in two at the cursor (${KEYS.split})`,
        () => split(block),
        "body-entry-split",
      ),
      button(
        "Photo below",
        `Insert a photo block at the cursor, splitting the text there; below this block if you have not clicked into its text (${KEYS.photo})`,
        () => insertAtCursor(block, "photo"),
        "body-entry-photo",
      ),
      button(
        "Quote below",
        `Insert a quote block at the cursor, splitting the text there; below this block if you have not clicked into its text (${KEYS.quote})`,
        () => insertAtCursor(block, "quote"),
        "body-entry-quote",
      ),
      button(
        "Join with next",
        "Move the text block below into this one, after its text",
        () => joinWithNext(block),
        "body-entry-join",
      ),
    )
    block.querySelector(".field-text").after(actions)
    editorOf(block)
  }

  function toolbar() {
    const bar = document.createElement("div")
    bar.className = "body-entry-toolbar"
    const add = async (kind) => {
      const block = addBlock(kind)
      if (kind === "text") (await editorOf(block)).commands.focus("end")
      else focusFirstField(block)
    }
    const hint = document.createElement("p")
    hint.className = "body-entry-hint"
    hint.textContent =
      "Paste a whole article into a text block: each paragraph becomes its own block and each " +
      "blockquote a quote block (Ctrl+Shift+V, ⌘+⇧+V, pastes it all into the one block). " +
      `In a text block, ${KEYS.split} splits it at the cursor, ` +
      `${KEYS.photo} and ${KEYS.quote} insert a photo or a quote there. Drag a block by its title to move it.`
    const status = document.createElement("p")
    status.className = "body-entry-status"
    status.setAttribute("role", "status")
    bar.append(
      button("Add text", "Add a text block at the end of the body", () => add("text"), "body-entry-add-text"),
      button("Add quote", "Add a quote block at the end of the body", () => add("quote"), "body-entry-add-quote"),
      button("Add photo", "Add a photo block at the end of the body", () => add("photo"), "body-entry-add-photo"),
      hint,
      status,
    )
    // Below content-editor's own hint, which it pulls up into the body's frame.
    const wrapper = document.querySelector(".order-machine-wrapper")
    const help = wrapper.nextElementSibling?.matches(".order-machine-help") ? wrapper.nextElementSibling : null
    ;(help || wrapper).after(bar)
  }

  function blockOfEvent(event) {
    const surface = event.target.closest?.(".prose-editor > .ProseMirror")
    const block = surface?.closest(".order-machine > .inline-related")
    return block && kindOf(block) === "text" ? block : null
  }

  function start() {
    CE = window.ContentEditor
    if (!CE?.allowChange || !CE.pluginsByPrefix[PREFIX.text]) return
    toolbar()
    for (const block of bodyBlocks()) decorate(block)
    document.addEventListener("formset:added", (event) => decorate(event.target))
    // The caret can move without a ProseMirror transaction (the keys move it first): labels follow it.
    document.addEventListener("selectionchange", () => {
      const block = document.activeElement && blockOfEvent({ target: document.activeElement })
      if (block) updateLabels(block)
    })

    // Capturing, so a whole article is taken before ProseMirror pastes it into one block.
    document.addEventListener(
      "paste",
      (event) => {
        const block = blockOfEvent(event)
        const editor = block && editors.get(block)
        if (editor) paste(block, editor, event)
      },
      true,
    )
    document.addEventListener(
      "keydown",
      (event) => {
        if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.code === "KeyV") {
          pastingIntoOneBlock = true
        }
        const block = blockOfEvent(event)
        if (!block || !event.altKey || event.ctrlKey || event.metaKey) return
        const action = {
          Enter: () => split(block),
          KeyP: () => insertAtCursor(block, "photo"),
          KeyQ: () => insertAtCursor(block, "quote"),
        }[event.key === "Enter" ? "Enter" : event.code]
        if (action) {
          event.preventDefault()
          event.stopPropagation()
          action()
        }
      },
      true,
    )
  }

  document.addEventListener("content-editor:ready", start)
  document.addEventListener("keyup", () => {
    pastingIntoOneBlock = false
  })
})()
