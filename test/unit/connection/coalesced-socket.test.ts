// The SSH client's TCP socket: no Nagle delay, and the packets written in one tick leave in one
// write (checked against a real TCP server on 127.0.0.1).
import { expect } from 'chai';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { coalescedSocket } from '../../../src/connection/ssh.js';

describe('coalescedSocket', () => {
  let server: Server;
  let accepted: Promise<Socket>;
  beforeEach(async () => {
    server = createServer();
    accepted = new Promise((resolve) => server.once('connection', resolve));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the writes of one tick as one segment, later writes after them, in order', async () => {
    const client = coalescedSocket('127.0.0.1', (server.address() as AddressInfo).port);
    await new Promise((resolve) => client.once('connect', resolve));
    const peer = await accepted;
    const chunks: string[] = [];
    const got = new Promise<void>((resolve) =>
      peer.on('data', (d: Buffer) => {
        chunks.push(d.toString());
        if (chunks.join('') === 'abcde') resolve();
      }),
    );
    client.write('a');
    client.write('b');
    client.write('c');
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.write('d');
    client.write('e');
    await got;
    expect(chunks).to.deep.equal(['abc', 'de']);
    client.destroy();
    peer.destroy();
  });
});
