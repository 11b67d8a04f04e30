import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { KEY_FORMATS } from '../keys/index.js';
import type { Finding } from '../scan/model.js';
import { VERSION } from '../version.js';
import { jsonText } from './escape.js';
import { adviceFor, describeCommit, encodingNote } from './advice.js';

/**
 * SARIF wants a URI: a relative reference against %SRCROOT% (what GitHub resolves against the
 * checkout) for files under cwd, a file: URL for the others. Each segment is percent-encoded, so
 * `#`, `?` and spaces in file names survive.
 */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

const INFORMATION_URI = 'https://github.com/cencori/eslint-plugin-cencori';

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it. One rule per key format; the finding's
 * sha256 fingerprint is the partial fingerprint, so alerts follow a key across line moves.
 * Neither messages nor snippets ever hold the key (no `region.snippet` at all).
 */
export function formatSarif(findings: readonly Finding[]): string {
  const rules = KEY_FORMATS.map((f) => ({
    id: `cencori/${f.id}`,
    name: `Cencori${f.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}Key`,
    shortDescription: { text: `Cencori ${f.description} in code` },
    fullDescription: {
      text: `A Cencori ${f.description} (${f.prefix}…). ${f.kind === 'secret' ? 'Secret keys must never be committed or shipped to browsers: revoke and rotate it.' : 'Publishable keys are safe in browsers when restricted by domain.'}`,
    },
    helpUri: `${INFORMATION_URI}#readme`,
    defaultConfiguration: { level: f.kind === 'secret' ? 'error' : 'warning' },
    properties: { tags: ['security', 'secret'], 'security-severity': f.kind === 'secret' ? '9.0' : '3.0', precision: 'very-high' },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = findings.map((f) => {
    const ruleId = `cencori/${f.rule}`;
    const extra = [describeCommit(f), adviceFor(f)].filter(Boolean).join('; ');
    return {
      ruleId,
      ruleIndex: ruleIndex.get(ruleId) ?? 0,
      level: f.severity,
      message: { text: `Cencori ${f.description} ${f.redacted}${encodingNote(f)}${extra ? `: ${extra}` : ''}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(f.file),
            region: { startLine: f.line, startColumn: f.column },
          },
        },
      ],
      // A key found in built output points back to the source line it came from (bundle scans).
      ...(f.original
        ? {
            relatedLocations: [
              {
                id: 1,
                physicalLocation: {
                  artifactLocation: artifactLocation(f.original.file),
                  region: { startLine: f.original.line, startColumn: Math.max(1, f.original.column) },
                },
                message: { text: `original source${f.original.envVar ? `, reading ${f.original.envVar}` : ''}` },
              },
            ],
          }
        : {}),
      partialFingerprints: { 'cencoriKeySha256/v1': f.fingerprint },
      properties: {
        redacted: f.redacted,
        verification: f.verification,
        blocking: f.blocking,
        ...(f.commit ? { commit: f.commit } : {}),
        ...(f.encoding ? { encoding: f.encoding } : {}),
      },
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'cencori-scan', version: VERSION, semanticVersion: VERSION, informationUri: INFORMATION_URI, rules } },
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
  return jsonText(log);
}
