// goumai: the little front-end code the pages need. Everything works without it;
// it only adds the print button and keyboard focus on the main region after skip.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  var first = document.querySelector(".form-error, .field .err:not(:empty)");
  if (first) {
    var input = first.closest(".field") ? first.closest(".field").querySelector("input, select, textarea") : null;
    (input || first).focus && (input || first).focus();
  }
});

// Bid signing in the browser (bid.html): the supplier picks its Ed25519
// private key file (PKCS #8 PEM, as goumai keygen writes it); the key is read
// and used here only, never sent. The signature over the commitment's 32
// bytes (goumai.BidSigningMessage, as goumai sign signs the hex it is given)
// goes into the form's signature field.
document.addEventListener("DOMContentLoaded", function () {
  var btn = document.getElementById("sign-btn");
  var file = document.getElementById("sign-key");
  var out = document.getElementById("signature");
  if (!btn || !file || !out || !window.crypto || !window.crypto.subtle) {
    var box = document.getElementById("browser-sign");
    if (box && !(window.crypto && window.crypto.subtle)) box.hidden = true;
    return;
  }
  btn.addEventListener("click", function () {
    var f = file.files && file.files[0];
    if (!f) { file.focus(); return; }
    f.text().then(function (pem) {
      var b64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
      var der = Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
      return crypto.subtle.importKey("pkcs8", der, { name: "Ed25519" }, false, ["sign"]);
    }).then(function (key) {
      var hex = btn.dataset.commitment, msg = new Uint8Array(hex.length / 2);
      for (var i = 0; i < msg.length; i++) msg[i] = parseInt(hex.substr(2 * i, 2), 16);
      return crypto.subtle.sign({ name: "Ed25519" }, key, msg);
    }).then(function (sig) {
      out.value = btoa(String.fromCharCode.apply(null, new Uint8Array(sig)));
      out.focus();
    }).catch(function () {
      out.value = "";
      alert(btn.dataset.failed);
    });
  });
});

// Draw commitments (panel.html): the party's secret is generated here with
// crypto.getRandomValues and shown to keep; only its SHA-256 goes into the
// form. The server never sees the secret until the party reveals it.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-commit-form]").forEach(function (form) {
    var btn = form.querySelector("[data-generate]"), secret = form.querySelector("[data-secret]"), hash = form.querySelector("[data-hash]");
    if (!btn || !secret || !hash || !window.crypto || !window.crypto.subtle) { if (btn) btn.hidden = true; return; }
    var hex = function (b) { return Array.from(new Uint8Array(b), function (x) { return x.toString(16).padStart(2, "0"); }).join(""); };
    btn.addEventListener("click", function () {
      var s = new Uint8Array(32);
      crypto.getRandomValues(s);
      secret.value = hex(s);
      crypto.subtle.digest("SHA-256", s).then(function (d) { hash.value = hex(d); secret.select(); });
    });
  });
});
