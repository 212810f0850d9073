"""Network sync (issue 20): the same bundles over HTTPS, resumable, every request signed.

`protocol` (what both sides agree on: headers, the signed string, limits, error codes),
`tls` (the county server's own certificate, pinned by devices at enrolment), `state` (the
server's tables: uploads, nonces, the import lease, return bundles), `server` (the Starlette
app and its import queue, `mopai serve`), `client` (`mopai sync`). docs/sync.md, "Network
sync", is the protocol as another client would be written from it.
"""
