// n8n loads the node and credential through the `n8n` block of package.json; this entry point
// exists so that `require('n8n-nodes-veritus')` resolves. It deliberately exports nothing.
module.exports = {};
