// The baseline: a bare Fastify handler answering a small HTML page, with nothing else in the way.
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 0);
const app = Fastify({ logger: false });
const page = `<!DOCTYPE html><html lang="en"><head><title>Bare</title></head><body><h1>Bare Fastify</h1></body></html>`;
app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
await app.listen({ port, host: '127.0.0.1' });
console.log(`listening ${(app.server.address() as { port: number }).port}`);
