// "NAME is editing this story": tell the server this form is open, and show who else has it open.
(() => {
  const notice = document.querySelector(".workflow-presence");
  if (!notice) return;
  const names = notice.querySelector(".workflow-presence__names");
  const seconds = Number(notice.dataset.heartbeat) || 20;
  const ping = async () => {
    try {
      const response = await fetch(notice.dataset.presenceUrl, { credentials: "same-origin" });
      if (!response.ok) return;
      const { others } = await response.json();
      names.textContent = others.join(", ");
      notice.hidden = others.length === 0;
    } catch {
      // Offline for a moment: keep the last known state.
    }
  };
  setInterval(ping, seconds * 1000);
})();
