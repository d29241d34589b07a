import { createServer, type Server } from 'node:http';
import { deflateSync } from 'node:zlib';

/** A local raster tile server standing in for an online basemap (天地图 etc.) in browser tests. */
export interface TileServer {
  /** URL template with {z}/{x}/{y}, as BEATGRID_BASEMAP_URL expects. */
  template: string;
  /** Tile requests answered so far. */
  requests: () => number;
  stop: () => Promise<void>;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A 256×256 RGB PNG with a soft checker pattern, so a screenshot shows where the basemap is. */
export function checkerTile(): Buffer {
  const size = 256;
  const row = size * 3 + 1;
  const raw = Buffer.alloc(row * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = y * row + 1 + x * 3;
      const light = ((x >> 5) + (y >> 5)) % 2 === 0;
      raw[o] = light ? 232 : 214;
      raw[o + 1] = light ? 236 : 222;
      raw[o + 2] = light ? 228 : 240;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Starts the tile server on a free port of 127.0.0.1. */
export async function startTileServer(): Promise<TileServer> {
  const tile = checkerTile();
  let count = 0;
  const server: Server = createServer((req, res) => {
    if (!/^\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) {
      res.writeHead(404).end();
      return;
    }
    count++;
    res.writeHead(200, { 'Content-Type': 'image/png', 'Access-Control-Allow-Origin': '*' });
    res.end(tile);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    template: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
    requests: () => count,
    stop: () => new Promise((ok) => server.close(() => ok())),
  };
}
