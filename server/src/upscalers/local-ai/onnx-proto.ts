/**
 * The part of the ONNX protobuf schema (onnx/onnx.proto, IR version 8) the converter
 * writes: a model with one graph of nodes, float initializers and typed inputs and
 * outputs. Field numbers are the schema's own; protobufjs does the encoding.
 */
import protobuf from 'protobufjs';

const repeated = (type: string, id: number) => ({ rule: 'repeated', type, id });

const root = protobuf.Root.fromJSON({
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            graph: { type: 'GraphProto', id: 7 },
            opsetImport: repeated('OperatorSetIdProto', 8),
          },
        },
        OperatorSetIdProto: {
          fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } },
        },
        GraphProto: {
          fields: {
            node: repeated('NodeProto', 1),
            name: { type: 'string', id: 2 },
            initializer: repeated('TensorProto', 5),
            input: repeated('ValueInfoProto', 11),
            output: repeated('ValueInfoProto', 12),
          },
        },
        NodeProto: {
          fields: {
            input: repeated('string', 1),
            output: repeated('string', 2),
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: repeated('AttributeProto', 5),
          },
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            floats: repeated('float', 7),
            ints: repeated('int64', 8),
            type: { type: 'int32', id: 20 },
          },
        },
        TensorProto: {
          fields: {
            dims: repeated('int64', 1),
            dataType: { type: 'int32', id: 2 },
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
          },
        },
        ValueInfoProto: {
          fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 } },
        },
        TypeProto: {
          fields: { tensorType: { type: 'TensorTypeProto', id: 1 } },
        },
        TensorTypeProto: {
          fields: {
            elemType: { type: 'int32', id: 1 },
            shape: { type: 'TensorShapeProto', id: 2 },
          },
        },
        TensorShapeProto: { fields: { dim: repeated('Dimension', 1) } },
        Dimension: {
          fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } },
        },
      },
    },
  },
});

const ModelProto = root.lookupType('onnx.ModelProto');

/** TensorProto.DataType.FLOAT */
export const FLOAT = 1;
/** AttributeProto.AttributeType */
export const ATTRIBUTE = { FLOAT: 1, INT: 2, STRING: 3, INTS: 7 } as const;

export interface OnnxAttribute {
  name: string;
  type: (typeof ATTRIBUTE)[keyof typeof ATTRIBUTE];
  f?: number;
  i?: number;
  s?: Uint8Array;
  ints?: number[];
}

export interface OnnxNode {
  opType: string;
  name: string;
  input: string[];
  output: string[];
  attribute?: OnnxAttribute[];
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: typeof FLOAT;
  rawData: Uint8Array;
}

/** A float tensor input or output with its shape (a string is a named, free dimension). */
export interface OnnxValue {
  name: string;
  shape: Array<number | string>;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValue[];
  outputs: OnnxValue[];
}

/** The opset the converter's operators are written against (DepthToSpace DCR, Resize). */
export const OPSET = 17;

const valueInfo = (value: OnnxValue) => ({
  name: value.name,
  type: {
    tensorType: {
      elemType: FLOAT,
      shape: {
        dim: value.shape.map((dim) =>
          typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim },
        ),
      },
    },
  },
});

/** The serialized ModelProto (what `InferenceSession.create` takes). */
export function encodeModel(graph: OnnxGraph, producerVersion: string): Uint8Array {
  const message = ModelProto.fromObject({
    irVersion: 8,
    producerName: 'strapi-plugin-sell-my-images',
    producerVersion,
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: graph.name,
      node: graph.nodes,
      initializer: graph.initializers,
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
  });
  return ModelProto.encode(message).finish();
}

/** Little-endian float32 bytes of `values` (the layout TensorProto.raw_data takes). */
export function floatBytes(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
}
