// The security headers of every app:// response. The Content-Security-Policy allows only the
// app's own files: no inline or eval'd script, no remote anything, no frames, no plugins, no
// forms, no <base>. The renderer reaches the node through window.lifeboat, never the network,
// so `connect-src` names nothing but the app itself. Images may be data:/blob: URLs (QR codes,
// previews of evidence files made in the page). Styles may be inline: CodeMirror (the notes
// editor) writes its theme into <style> elements at run time; with scripts locked down to the
// app's own files, inline CSS cannot run code.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "media-src 'self' blob:",
  "object-src 'none'",
  "frame-src 'none'",
  "child-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

/**
 * Browser features the page never needs, switched off for it and any frame it might contain. The
 * microphone is the page's own (voice calls, issue 18): `(self)` lets getUserMedia ask for it, and
 * the permission handler (web-policy.ts) still grants audio only, to the app's main frame only.
 */
export const PERMISSIONS_POLICY = [
  'camera=()', 'microphone=(self)', 'geolocation=()', 'usb=()', 'serial=()', 'hid=()', 'bluetooth=()',
  'payment=()', 'display-capture=()', 'midi=()', 'local-fonts=()', 'idle-detection=()'
].join(', ')

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Permissions-Policy': PERMISSIONS_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store'
}
