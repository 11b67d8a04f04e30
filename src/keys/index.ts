export { KEY_FORMATS, KEY_ANCHORS, type KeyFormat, type KeyKind, type KeyEnvironment } from './formats.js';
export { KEY_PATTERN_SOURCE, findKeys, formatOf, isKey, mayContainKey, type KeyMatch } from './matcher.js';
export { isPlaceholderBody } from './placeholder.js';
export { classifyKey, classOf, maskKey, type KeyClass } from './classify.js';
export { fingerprintKey } from './fingerprint.js';
export { maskKeyParts } from './mask.js';
export { SecretValue } from './secret.js';
export { LineLocator, countCodePoints } from './locate.js';
export { ALLOW_MARKER, detectKeys, type KeyHit, type DetectOptions } from './detect.js';
