// "Find the full paper" on a paper page: the page holds Google Scholar's search for the exact
// title, a plain link that works without JavaScript; arXiv's, Hugging Face's and Semantic
// Scholar's searches for the same title are put before it here, from the page's heading, so a
// page does not carry its URL-encoded title four times (generator/render/pages.py, _find_links).
(function () {
  "use strict";
  var list = document.querySelector(".md-content .pd-find");
  var heading = document.querySelector(".md-content h1");
  if (!list || !heading) return;
  var query = encodeURIComponent(heading.textContent.trim()).replace(/%20/g, "+");
  var searches = [
    ["arXiv", "https://arxiv.org/search/?searchtype=title&query=" + query],
    ["Hugging Face papers", "https://huggingface.co/papers?q=" + query],
    ["Semantic Scholar", "https://www.semanticscholar.org/search?q=" + query],
  ];
  searches.forEach(function (search) {
    var item = document.createElement("li"), link = document.createElement("a");
    link.href = search[1];
    link.textContent = search[0];
    item.append(link);
    list.lastElementChild.before(item);
  });
})();
