// The environment can tax every node process before a line of ours runs. With
// NODE_EXTRA_CA_CERTS set (the machines here set it), node 20 reads and parses
// that file of certificates while it starts: `node -e 0` took 86 ms with it and 30 ms without on
// a 2-core machine here, on every run. git and rg, the anchors we are compared with, do not pay it;
// a developer's machine rarely sets it. So when it is set, the benches time our command both ways
// and print both ratios: as this environment runs it, and as a machine without the variable would.
import { spawnSync } from 'node:child_process';

export const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS;

/** The environment without NODE_EXTRA_CA_CERTS. */
export function withoutExtraCa(env = process.env) {
  const rest = { ...env };
  delete rest.NODE_EXTRA_CA_CERTS;
  return rest;
}

/** node's own start (`node -e ""`), median of `runs`, in this environment and, when the variable is set, without it. */
export function nodeStartLine(runs = 7) {
  const time = (env) => {
    const ms = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      spawnSync(process.execPath, ['-e', ''], { env });
      ms.push(performance.now() - start);
    }
    return ms.sort((a, b) => a - b)[Math.floor(runs / 2)];
  };
  const here = time(process.env);
  if (EXTRA_CA === undefined) return `node's own start: ~${here.toFixed(0)} ms (median of ${runs})`;
  return `node's own start: ~${here.toFixed(0)} ms here, ~${time(withoutExtraCa()).toFixed(0)} ms without NODE_EXTRA_CA_CERTS (set here to ${EXTRA_CA}; median of ${runs} each)`;
}
