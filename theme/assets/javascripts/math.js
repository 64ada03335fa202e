// Typeset the math spans the generator marked in abstracts (`<span class="math inline">`).
// KaTeX builds its own markup from the TeX source; `trust: false` keeps \href and friends off.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof katex === "undefined") return;
  document.querySelectorAll(".pd-abstract .math").forEach(function (element) {
    try {
      katex.render(element.textContent, element, {
        throwOnError: false,
        trust: false,
        displayMode: element.classList.contains("block"),
      });
    } catch (error) {
      // Leave the TeX source visible when it cannot be typeset.
    }
  });
});
