// Live preview: ask the service how the last build went; reload the page
// when a build has finished, and show a failed build's problems (path:line).
(() => {
  let seen = null;
  const banner = document.createElement("div");
  banner.setAttribute("role", "status");
  banner.className = "pipeline-live";
  banner.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:1000;margin:0;padding:.6rem 1rem;" +
    "font:14px/1.4 system-ui,sans-serif;background:#fff;color:#1b1b1b;border-top:3px solid #a4000f;" +
    "max-height:40vh;overflow:auto;white-space:pre-wrap;display:none";
  document.body.append(banner);
  const show = (status) => {
    if (status.state === "failed") {
      banner.textContent = "The last build failed:\n" + status.problems.join("\n");
      banner.style.borderTopColor = "#a4000f";
      banner.style.display = "block";
    } else if (status.state === "building") {
      banner.textContent = "Rebuilding…";
      banner.style.borderTopColor = "#1e2d78";
      banner.style.display = "block";
    } else {
      banner.style.display = "none";
    }
  };
  const poll = async () => {
    try {
      const answer = await fetch("/_live/status", {cache: "no-store"});
      const status = await answer.json();
      if (seen !== null && status.generation !== seen && status.state !== "failed") {
        location.reload();
        return;
      }
      seen = status.generation;
      show(status);
    } catch (error) {
      // the service stopped or restarts: try again
    }
    setTimeout(poll, 1000);
  };
  poll();
})();
