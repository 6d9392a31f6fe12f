// Autosave: every few seconds, when the story form holds edits not yet sent, keep them on the server
// as this editor's draft copy (never the story itself); once more when the tab is hidden or closed.
(() => {
  const status = document.querySelector(".workflow-autosave-status");
  const form = document.getElementById("story_form");
  if (!status || !form) return;
  const url = status.dataset.autosaveUrl;
  const seconds = Number(status.dataset.autosaveSeconds) || 5;
  const formToken = form.querySelector("input[name=csrfmiddlewaretoken]");
  // Signing in again (in another tab, after the session expired) gives a new CSRF cookie, and
  // the token the page loaded with no longer passes: the cookie's is the current one.
  const csrfToken = () => document.cookie.match(/(?:^|; )csrftoken=([^;]+)/)?.[1] ?? formToken.value;
  const fields = () =>
    JSON.stringify({ form: [...new FormData(form)].filter(([, value]) => typeof value === "string") });

  // What the server holds (or the page loaded with): only a difference from it is sent.
  let sent = null;
  let touched = false;
  let leaving = false;
  let sending = false;

  const show = (text, failed) => {
    status.textContent = text;
    status.classList.toggle("workflow-autosave-status--failed", failed);
  };

  const send = async ({ closing = false } = {}) => {
    // An offered copy waits for Restore or Discard, so new edits never overwrite it unseen.
    if (!touched || leaving || status.hasAttribute("data-paused") || (sending && !closing)) return;
    const body = fields();
    if (body === sent) return;
    sending = true;
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        // keepalive lets the last copy leave with a closing tab (browsers allow up to 64 kB).
        keepalive: closing,
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body,
      });
      const answer = await response.json().catch(() => ({}));
      if (response.ok && answer.saved_at) {
        sent = body;
        show(answer.status, false);
      } else if (response.ok || response.status === 401) {
        // Signed out (or sent to a sign-in page): asked again each time, so copies resume once back.
        const signedOut = "You are signed out, so no draft copy was kept just now. Sign in again in another tab.";
        show(answer.error || signedOut, true);
      } else {
        show(answer.error || "The draft copy was not kept. Save the story to keep your edits.", true);
        // Refused for good (no longer allowed, story gone, too large): asking again changes nothing.
        if ([403, 404, 413].includes(response.status)) leaving = true;
      }
    } catch {
      if (!closing) show("Offline: no draft copy kept just now. Your edits are still in this form.", true);
    } finally {
      sending = false;
    }
  };

  window.addEventListener("load", () => {
    sent = fields();
  });
  for (const kind of ["input", "change", "drop", "dragend", "click"]) {
    form.addEventListener(kind, () => {
      touched = true;
    });
  }
  // Any form sent from this page (Save, Discard, a preview link) replaces the copy: stop for good.
  document.addEventListener(
    "submit",
    () => {
      leaving = true;
      formToken.value = csrfToken(); // so a Save after signing in again is not refused
    },
    true,
  );
  setInterval(send, seconds * 1000);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") send({ closing: true });
  });
  window.addEventListener("pagehide", () => send({ closing: true }));
})();
