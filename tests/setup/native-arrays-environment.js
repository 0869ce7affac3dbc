/**
 * Jest's node environment runs each test file in a VM context of its own, with its own
 * typed array constructors; a native addon (onnxruntime-node) creates its arrays in
 * Node's main context, so `instanceof Float32Array` fails inside the test. Test files
 * that load onnxruntime-node use this environment (`@jest-environment`), which shares
 * the main context's typed arrays and ArrayBuffer.
 */
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer',
  'Float32Array',
  'Float64Array',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Uint16Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
];

class NativeArraysEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = NativeArraysEnvironment;
