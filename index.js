'use strict';

// n8n finds the node and the credential through the `n8n` block of package.json, not through an
// entry point. This file is kept as the conventional package root of an n8n node repository and
// is not published (package.json has no `main`; `files` ships only dist/).
module.exports = {};
