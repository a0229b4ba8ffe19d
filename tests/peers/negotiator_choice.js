// Which offered media type npm's negotiator chooses for each Accept header.
//
// Reads a JSON array of {"accept": header, "offers": [media type, ...]} on
// standard input; writes a JSON array of {"choice": media type or null} on
// standard output. Run by tests/negotiation.rs with
// NODE_PATH=target/nodetools/node_modules.
'use strict';

const Negotiator = require('negotiator');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const answers = JSON.parse(input).map(({ accept, offers }) => {
    const choice = new Negotiator({ headers: { accept } }).mediaType(offers);
    return { choice: choice === undefined ? null : choice };
  });
  process.stdout.write(JSON.stringify(answers));
});
