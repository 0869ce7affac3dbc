/**
 * Tiling of an image for ESRGAN inference. Memory must stay bounded whatever the image
 * size, so the network sees one tile at a time: the tile's own pixels plus `padding`
 * pixels of context on every side (clipped at the image border). When the padding is at
 * least the network's receptive radius (see models.receptiveRadius), the tile's own
 * part of the output is exactly what a run on the whole image would give there, so the
 * tiles are cropped and placed side by side with no blending and no seam.
 *
 * Tiles in a row share their top and height, and every row but the last has the same
 * height, so the output can be assembled as equal bands (see upscale-image).
 */
import { assertInteger, assertSize } from '../../utils/numbers';

export interface Tile {
  /** Position in reading order (row by row). */
  index: number;
  row: number;
  column: number;
  /** The tile's own pixels in input coordinates: the part of the output it produces. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** The region read from the input: the tile plus its context, clipped to the image. */
  inputX: number;
  inputY: number;
  inputWidth: number;
  inputHeight: number;
}

interface TilePlan {
  width: number;
  height: number;
  columns: number;
  rows: number;
  tiles: Tile[];
}

/**
 * Cuts `length` into parts of at most `max`, all equal but the last (which may be
 * shorter): ceil(length / count) each, where count = ceil(length / max). Equal parts keep
 * bands joinable; spreading the length over `count` parts avoids a 1-pixel last tile
 * that would cost a full padded inference.
 */
export function splitLength(length: number, max: number): number[] {
  assertInteger(length, 'length', 1);
  assertInteger(max, 'max', 1);
  const count = Math.ceil(length / max);
  const size = Math.ceil(length / count);
  const parts: number[] = [];
  for (let start = 0; start < length; start += size) parts.push(Math.min(size, length - start));
  return parts;
}

/** Tiles of at most `tileSize`×`tileSize` covering a `width`×`height` image, each with `padding` pixels of context. */
export function planTiles(
  width: number,
  height: number,
  tileSize: number,
  padding: number,
): TilePlan {
  assertSize(width, height);
  assertInteger(tileSize, 'tileSize', 1);
  assertInteger(padding, 'padding', 0);
  const widths = splitLength(width, tileSize);
  const heights = splitLength(height, tileSize);
  const tiles: Tile[] = [];
  let y = 0;
  heights.forEach((tileHeight, row) => {
    let x = 0;
    widths.forEach((tileWidth, column) => {
      const inputX = Math.max(0, x - padding);
      const inputY = Math.max(0, y - padding);
      tiles.push({
        index: tiles.length,
        row,
        column,
        x,
        y,
        width: tileWidth,
        height: tileHeight,
        inputX,
        inputY,
        inputWidth: Math.min(width, x + tileWidth + padding) - inputX,
        inputHeight: Math.min(height, y + tileHeight + padding) - inputY,
      });
      x += tileWidth;
    });
    y += tileHeight;
  });
  return { width, height, columns: widths.length, rows: heights.length, tiles };
}

/** Input pixels the network actually processes (tiles with their context): what inference time is proportional to. */
export function processedPixels(plan: TilePlan): number {
  return plan.tiles.reduce((sum, tile) => sum + tile.inputWidth * tile.inputHeight, 0);
}

/** Copies a tile's input region out of an interleaved RGB image (3 bytes per pixel). */
export function extractRegion(rgb: Uint8Array, imageWidth: number, tile: Tile): Uint8Array {
  const region = new Uint8Array(tile.inputWidth * tile.inputHeight * 3);
  const rowBytes = tile.inputWidth * 3;
  for (let row = 0; row < tile.inputHeight; row++) {
    const from = ((tile.inputY + row) * imageWidth + tile.inputX) * 3;
    region.set(rgb.subarray(from, from + rowBytes), row * rowBytes);
  }
  return region;
}

/**
 * Copies the tile's own part of an upscaled region (`scale` × the input region) into a
 * band: the output rows of the tile's row of tiles, `bandWidth` pixels wide.
 */
export function placeTile(
  upscaled: Uint8Array,
  tile: Tile,
  scale: number,
  band: Uint8Array,
  bandWidth: number,
): void {
  const regionWidth = tile.inputWidth * scale;
  const offsetX = (tile.x - tile.inputX) * scale;
  const offsetY = (tile.y - tile.inputY) * scale;
  const rowBytes = tile.width * scale * 3;
  for (let row = 0; row < tile.height * scale; row++) {
    const from = ((offsetY + row) * regionWidth + offsetX) * 3;
    band.set(upscaled.subarray(from, from + rowBytes), (row * bandWidth + tile.x * scale) * 3);
  }
}
