// "Also notify me in this browser": progressive enhancement on the manage page. Without
// JavaScript, or in a browser without Web Push, the button stays hidden and email still works.
(function () {
  "use strict";
  var box = document.querySelector(".alerts-push");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    return;
  }
  var button = document.getElementById("alerts-push-button");
  var status = document.getElementById("alerts-browsers-status");

  function keyBytes(base64url) {
    var base64 = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function say(text) {
    status.textContent = text;
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") throw new Error("Notifications are blocked for this site in your browser settings.");
        return navigator.serviceWorker.register(box.dataset.worker);
      })
      .then(function () {
        return navigator.serviceWorker.ready;
      })
      .then(function (registration) {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(box.dataset.publicKey),
        });
      })
      .then(function (subscription) {
        return fetch(box.dataset.endpoint, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(subscription.toJSON()),
          credentials: "same-origin",
        });
      })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.error || "We could not save this browser.");
          say("This browser gets notifications too.");
        });
      })
      .catch(function (error) {
        button.disabled = false;
        say(error.message);
      });
  });
  box.hidden = false;
})();
