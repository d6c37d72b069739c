/* The case page works without this; it only opens the transcript at its newest message,
   as a chat would. */
(function () {
  "use strict";

  function ready() {
    var transcript = document.querySelector(".transcript");
    if (transcript) transcript.scrollTop = transcript.scrollHeight;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
