package notebook

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// DrawingPad returns the HTML of a drawing canvas for a notebook cell: the
// student draws a digit with the mouse, a pen or a finger, and the Save
// button writes the drawing as a PNG (black ink on white, size×size pixels)
// to path, through Jupyter's contents API, so that the next cell can read it
// (a GoNB program has ended by the time the student draws: the file carries
// the drawing from the browser to Go). path is relative to the notebook's
// folder, the program's working directory; the page converts it to a path
// under JupyterLab's root (PageConfig's serverRoot), which must contain the
// notebook's folder.
//
// Show it with HTML (JupyterLab runs the script of an output produced in the
// session; a saved, untrusted notebook shows the canvas only after the cell
// runs again).
func DrawingPad(path string, size int) (string, error) {
	if size < 28 {
		return "", fmt.Errorf("notebook: DrawingPad: size %d: want at least 28 pixels", size)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("notebook: DrawingPad %s: %w", path, err)
	}
	target, err := json.Marshal(filepath.ToSlash(abs))
	if err != nil {
		return "", fmt.Errorf("notebook: DrawingPad %s: %w", path, err)
	}
	home, _ := os.UserHomeDir() // a serverRoot given as ~/… is under it
	homeJSON, _ := json.Marshal(filepath.ToSlash(home))
	id := fmt.Sprintf("gocnn-pad-%d", padCount.add())
	r := strings.NewReplacer("{{ID}}", id, "{{SIZE}}", fmt.Sprint(size), "{{PEN}}", fmt.Sprint(max(2, size/14)),
		"{{TARGET}}", string(target), "{{HOME}}", string(homeJSON))
	return r.Replace(padHTML), nil
}

// padCount numbers the pads of one program, for unique element ids.
var padCount counter

type counter struct{ n int }

func (c *counter) add() int { c.n++; return c.n }

const padHTML = `<div id="{{ID}}" style="font-family:sans-serif">
<canvas width="{{SIZE}}" height="{{SIZE}}" style="border:1px solid #888;touch-action:none;cursor:crosshair;background:#fff"></canvas>
<div><button data-act="clear">Clear</button> <button data-act="save">Save drawing</button> <span data-msg></span></div>
</div>
<script>
(() => {
  const root = document.getElementById("{{ID}}");
  const canvas = root.querySelector("canvas"), msg = root.querySelector("[data-msg]");
  const ctx = canvas.getContext("2d");
  const clear = () => { ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height); };
  clear();
  ctx.lineWidth = {{PEN}}; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#000";
  let down = false;
  const at = (e) => { const r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
  canvas.addEventListener("pointerdown", (e) => { down = true; ctx.beginPath(); ctx.moveTo(...at(e)); ctx.lineTo(...at(e)); ctx.stroke(); });
  canvas.addEventListener("pointermove", (e) => { if (down) { ctx.lineTo(...at(e)); ctx.stroke(); } });
  addEventListener("pointerup", () => { down = false; });
  root.querySelector("[data-act=clear]").onclick = () => { clear(); msg.textContent = ""; };
  root.querySelector("[data-act=save]").onclick = async () => {
    const target = {{TARGET}};
    let cfg = {};
    try { cfg = JSON.parse(document.getElementById("jupyter-config-data").textContent); } catch (e) {}
    const serverRoot = (cfg.serverRoot || "").replace(/^~(?=\/|$)/, {{HOME}}).replace(/\/+$/, ""), baseUrl = (cfg.baseUrl || "/").replace(/\/?$/, "/");
    if (!serverRoot || !target.startsWith(serverRoot + "/")) {
      msg.textContent = "cannot save: " + target + " is not under JupyterLab's root " + serverRoot;
      return;
    }
    const rel = target.slice(serverRoot.length + 1).split("/").map(encodeURIComponent).join("/");
    const xsrf = (document.cookie.match(/(?:^|; )_xsrf=([^;]*)/) || [])[1] || "";
    const body = { type: "file", format: "base64", content: canvas.toDataURL("image/png").split(",")[1] };
    const r = await fetch(baseUrl + "api/contents/" + rel, { method: "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-XSRFToken": decodeURIComponent(xsrf) }, body: JSON.stringify(body) });
    msg.textContent = r.ok ? "saved " + target + ": run the next cell" : "saving failed: HTTP " + r.status;
  };
})();
</script>`
