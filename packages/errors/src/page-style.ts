/**
 * The one inline stylesheet of every HTML error page. The page's
 * Content-Security-Policy allows exactly this text by its hash, so nothing
 * else (an injected style or script) can run. A test recomputes the hash.
 */
export const PAGE_STYLE =
  "body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}" +
  "h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.15rem;margin:1.5rem 0 .25rem}" +
  "pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:13px}" +
  ".frame{margin:.2rem 0;font-family:monospace}.here{background:#ffe08a}" +
  "table{border-collapse:collapse;font:13px monospace}td{border-top:1px solid #ddd;padding:2px 8px;vertical-align:top;word-break:break-all}" +
  ".id{color:#666;font-size:.9rem}";

/** `'sha256-…'` of PAGE_STYLE, for the Content-Security-Policy header. */
export const PAGE_STYLE_HASH = "'sha256-mJqJbO3DyHjdZV+k7bEsjaFFesbTmx+q7SH29HkSCMY='";
