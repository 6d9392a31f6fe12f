// What a paste into the story body becomes: parseArticle(html, text) turns the clipboard's HTML
// (or, without it, its plain text) into the body blocks body_entry.js lays out. A pure function
// of its input, so tests call it directly; the rules are explained in docs/editors-workflow.md
// ("Entering the body fast").
window.newsroomPasteRules = (() => {
  "use strict"

  /*
   * PASTE RULES
   *
   * parseArticle(html, text) → [{kind: "text", html}, {kind: "quote", quote, attribution}]
   * HTML (word processors, web pages): one text block per paragraph; a subheading travels with
   * the paragraph after it, a list with the paragraph before it; a <blockquote> (or a Word
   * "Quote" paragraph) becomes a quote block, its <cite>, <footer> or a last line starting with
   * a dash becoming the attribution; pictures and their captions are left out (photos come from
   * the library). Plain text: paragraphs are separated by blank lines (or, when there is no blank
   * line at all, each line is a paragraph); lines starting with ">" are a quote.
   */
  const BLOCK_TAGS = new Set(
    (
      "ADDRESS ARTICLE ASIDE BLOCKQUOTE DD DIV DL DT FIGURE FOOTER FORM H1 H2 H3 H4 H5 H6 HEADER HR " +
      "LI MAIN NAV OL P PRE SECTION TABLE TBODY TD TH THEAD TR UL"
    ).split(" "),
  )
  // Left out of a paste: what runs, what shows a picture (photos come from the library), form parts.
  const DROPPED_TAGS =
    "script, style, noscript, template, iframe, object, embed, svg, canvas, video, audio, picture, img, " +
    "figure:has(img, picture, video), button, input, select, textarea, head, title, meta, link"
  // Word's "Quote" and "Intense Quote" paragraph styles, LibreOffice's "Quotations".
  const QUOTE_CLASS = /(^|\s)(MsoQuote|MsoIntenseQuote|Quotations?)(\s|$)/i
  const DASH = /^\s*[—–―-]+\s*/
  const QUOTE_MARKS = /^[\s"“”„«»‘’'‹›]+|[\s"“”„«»‘’'‹›]+$/g

  function escapeHTML(text) {
    const span = document.createElement("span")
    span.textContent = text
    return span.innerHTML
  }

  function hasText(node) {
    return node.textContent.replace(/\u00a0/g, " ").trim() !== ""
  }

  function hasBlockChildren(element) {
    return [...element.children].some((child) => BLOCK_TAGS.has(child.tagName))
  }

  // The paragraphs of an inline run, cut at every blank line made of two or more <br>s.
  function paragraphsOfInlineRun(nodes) {
    const paragraphs = [[]]
    let breaks = 0
    for (const node of nodes) {
      if (node.nodeName === "BR") {
        breaks += 1
        continue
      }
      if (node.nodeType === Node.TEXT_NODE && !node.textContent.trim() && breaks) continue
      if (breaks >= 2) paragraphs.push([])
      else if (breaks === 1) paragraphs.at(-1).push(document.createElement("br"))
      breaks = 0
      paragraphs.at(-1).push(node)
    }
    return paragraphs
      .map((run) => {
        const holder = document.createElement("div")
        holder.append(...run.map((node) => node.cloneNode(true)))
        return holder
      })
      .filter(hasText)
      .map((holder) => ({ type: "p", html: holder.innerHTML.trim() }))
  }

  function quoteOf(element) {
    const cite = element.querySelector("cite, footer, figcaption")
    let attribution = ""
    if (cite) {
      attribution = cite.textContent
      cite.remove()
    }
    const lines = []
    const paragraphs = element.querySelectorAll("p, div:not(:has(p, div))")
    for (const paragraph of paragraphs.length ? paragraphs : [element]) {
      if (hasText(paragraph)) lines.push(paragraph.textContent.replace(/\s+/g, " ").trim())
    }
    if (!attribution && lines.length > 1 && DASH.test(lines.at(-1))) attribution = lines.pop()
    return {
      type: "quote",
      quote: lines.join("\n\n").replace(QUOTE_MARKS, ""),
      attribution: attribution.replace(DASH, "").replace(/\s+/g, " ").trim(),
    }
  }

  // The units of an element's content, in order: paragraphs, headings, lists and quotes.
  function unitsOf(element) {
    const units = []
    let run = []
    const flush = () => {
      units.push(...paragraphsOfInlineRun(run))
      run = []
    }
    for (const node of element.childNodes) {
      if (node.nodeType !== Node.ELEMENT_NODE || !BLOCK_TAGS.has(node.tagName)) {
        // Inline content (Google Docs wraps a whole document in one <b>) may itself hold blocks.
        if (node.nodeType === Node.ELEMENT_NODE && hasBlockChildren(node)) {
          flush()
          units.push(...unitsOf(node))
        } else {
          run.push(node)
        }
        continue
      }
      flush()
      const tag = node.tagName
      if (tag === "BLOCKQUOTE" || (tag === "P" && QUOTE_CLASS.test(node.className))) {
        if (hasText(node)) units.push(quoteOf(node))
      } else if (tag === "FIGURE" && node.querySelector("blockquote")) {
        const figcaption = node.querySelector("figcaption")
        const quote = quoteOf(node.querySelector("blockquote"))
        if (figcaption && !quote.attribution)
          quote.attribution = figcaption.textContent.replace(DASH, "").trim()
        if (quote.quote) units.push(quote)
      } else if (/^H[1-6]$/.test(tag)) {
        const level = tag === "H1" || tag === "H2" ? 2 : 3
        if (hasText(node)) units.push({ type: "heading", html: `<h${level}>${node.innerHTML}</h${level}>` })
      } else if (tag === "UL" || tag === "OL") {
        if (hasText(node)) units.push({ type: "list", html: node.outerHTML })
      } else if (hasBlockChildren(node)) {
        units.push(...unitsOf(node))
      } else if (tag !== "HR") {
        units.push(...paragraphsOfInlineRun([...node.childNodes]))
      }
    }
    flush()
    return units
  }

  // Units grouped into blocks: a heading opens a block its next paragraph joins; a list joins
  // the text before it.
  function blocksOfUnits(units) {
    const blocks = []
    let openHeading = false
    for (const unit of units) {
      const last = blocks.at(-1)
      if (unit.type === "quote") {
        blocks.push({ kind: "quote", quote: unit.quote, attribution: unit.attribution })
        openHeading = false
      } else if (unit.type === "heading") {
        blocks.push({ kind: "text", html: unit.html })
        openHeading = true
      } else if (last?.kind === "text" && (openHeading || unit.type === "list")) {
        last.html += unit.type === "list" ? unit.html : `<p>${unit.html}</p>`
        openHeading = false
      } else {
        blocks.push({ kind: "text", html: unit.type === "list" ? unit.html : `<p>${unit.html}</p>` })
        openHeading = false
      }
    }
    return blocks.filter((block) => block.kind === "text" || block.quote)
  }

  function blocksOfPlainText(text) {
    const normalised = text.replace(/\r\n?/g, "\n").trim()
    if (!normalised) return []
    const chunks = /\n[ \t\u00a0]*\n/.test(normalised)
      ? normalised.split(/\n(?:[ \t\u00a0]*\n)+/)
      : normalised.split("\n")
    const blocks = []
    for (const chunk of chunks) {
      const lines = chunk
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean)
      if (!lines.length) continue
      if (lines.every((line) => line.startsWith(">"))) {
        const words = lines.map((line) => line.replace(/^>+\s?/, ""))
        const attribution = words.length > 1 && DASH.test(words.at(-1)) ? words.pop() : ""
        const quote = words.join(" ").replace(QUOTE_MARKS, "")
        if (quote) blocks.push({ kind: "quote", quote, attribution: attribution.replace(DASH, "") })
      } else {
        blocks.push({ kind: "text", html: `<p>${escapeHTML(lines.join(" "))}</p>` })
      }
    }
    return blocks
  }

  function parseArticle(html, text) {
    if (html?.trim()) {
      // DOMParser's document is inert: nothing in the pasted markup runs or loads.
      const doc = new DOMParser().parseFromString(html, "text/html")
      for (const element of doc.querySelectorAll(DROPPED_TAGS)) element.remove()
      return blocksOfUnits(unitsOf(doc.body))
    }
    return blocksOfPlainText(text || "")
  }

  return { parseArticle }
})()
