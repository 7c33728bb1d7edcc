/* Download buttons of the "Cite" blocks: save the citation text shown on the page as a file.
 * Each button names the element holding the text (data-source), the file name
 * (data-lr-download) and the MIME type (data-mime). Event delegation on the document, so it
 * keeps working after Material's instant navigation swaps the page content. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-lr-download]") : null;
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-source"));
    if (!source) return;
    var blob = new Blob([source.textContent], {
      type: (button.getAttribute("data-mime") || "text/plain") + ";charset=utf-8"
    });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = button.getAttribute("data-lr-download");
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  });
})();
