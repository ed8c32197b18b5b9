import { createHash } from 'node:crypto';

// A shared page's own style sheet and script, served by the server itself (the client build
// may not be there, and the page must not wait for the app's). The CSP allows no inline style
// or script, so both are files; each is named by a hash of its text and cached for a year.

const style = `
:root{color-scheme:light;--bg:#fff;--bg-subtle:#f6f6f8;--bg-user:#eef0ff;--text:#17171c;
--text-muted:#62626f;--border:#dfdfe6;--accent:#4f46e5;--accent-text:#fff;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
font-size:16px;line-height:1.5;color:var(--text);background:var(--bg)}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){color-scheme:dark;--bg:#17171c;
--bg-subtle:#1e1e25;--bg-user:#262a4a;--text:#ececf1;--text-muted:#a0a0ad;--border:#2e2e38;
--accent:#818cf8;--accent-text:#111127}}
:root[data-theme=dark]{color-scheme:dark;--bg:#17171c;--bg-subtle:#1e1e25;--bg-user:#262a4a;
--text:#ececf1;--text-muted:#a0a0ad;--border:#2e2e38;--accent:#818cf8;--accent-text:#111127}
*,*::before,*::after{box-sizing:border-box}
body{margin:0}
.share{max-width:46rem;margin:0 auto;padding:1.5rem 1rem 4rem}
.share-header{border-bottom:1px solid var(--border);margin-bottom:1.5rem;padding-bottom:1rem}
.share-header h1{font-size:1.4rem;margin:0 0 .25rem}
.share-note{color:var(--text-muted);font-size:.9rem;margin:0}
.message{margin:0 0 1.25rem;overflow-wrap:anywhere}
.message--user{margin-left:auto;max-width:85%;width:fit-content;background:var(--bg-user);
border-radius:16px;padding:.6rem .9rem}
.message-content--user{white-space:pre-wrap}
.message-content--assistant>:first-child{margin-top:0}
.message-content--assistant>:last-child{margin-bottom:0}
.message-hint{color:var(--text-muted);font-size:.85rem;margin:.25rem 0 0}
pre{position:relative;background:var(--bg-subtle);border:1px solid var(--border);border-radius:10px;
padding:.75rem 1rem;overflow-x:auto;font-size:.875rem;line-height:1.45}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
:not(pre)>code{background:var(--bg-subtle);border-radius:4px;padding:.1em .3em}
table{border-collapse:collapse;display:block;overflow-x:auto}
th,td{border:1px solid var(--border);padding:.35rem .6rem}
blockquote{border-left:3px solid var(--border);margin-left:0;padding-left:1rem;color:var(--text-muted)}
a{color:var(--accent)}
img{max-width:100%;height:auto}
.message-attachments{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 .5rem}
.message-attachments img{max-height:16rem;border-radius:10px;border:1px solid var(--border)}
details{margin:0 0 .75rem;color:var(--text-muted)}
.sources{font-size:.9rem}
.share-continue{border-top:1px solid var(--border);margin-top:2rem;padding-top:1rem}
.share-continue button,.share-continue a.button{font:inherit;cursor:pointer;border:0;border-radius:10px;
padding:.55rem 1rem;background:var(--accent);color:var(--accent-text);text-decoration:none;display:inline-block}
.copy-code{position:absolute;top:.4rem;right:.4rem;font:inherit;font-size:.75rem;cursor:pointer;
border:1px solid var(--border);border-radius:6px;background:var(--bg);color:var(--text);padding:.1rem .5rem}
`;

// Enhances a page that reads fully without it: the person's saved theme (as the app's boot
// script reads it), and a Copy button on each code block.
const script = `{
  const root = document.documentElement;
  try {
    const choice = localStorage.getItem('parley:theme');
    if (choice === 'dark' || choice === 'light') root.dataset.theme = choice;
  } catch {}
  const addCopyButtons = () => {
    if (!navigator.clipboard) return;
    for (const pre of document.querySelectorAll('.message pre')) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy-code';
      button.textContent = 'Copy';
      button.addEventListener('click', () => {
        navigator.clipboard.writeText(pre.querySelector('code')?.textContent ?? pre.textContent ?? '').then(
          () => { button.textContent = 'Copied'; setTimeout(() => { button.textContent = 'Copy'; }, 1500); },
          () => {},
        );
      });
      pre.append(button);
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', addCopyButtons);
  else addCopyButtons();
}
`;

const named = (text: string, ext: string) =>
  `/share/assets/${createHash('sha256').update(text).digest('hex').slice(0, 16)}.${ext}`;

/** The shared page's files, by the path each is served at. */
export const shareAssets = {
  style: { path: named(style, 'css'), type: 'text/css; charset=utf-8', text: style },
  script: { path: named(script, 'js'), type: 'text/javascript; charset=utf-8', text: script },
} as const;
