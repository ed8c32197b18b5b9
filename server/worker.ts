// Cloudflare Workers entry: a placeholder. Workers need the Neon and Upstash drivers, which do
// not exist yet (a Worker cannot run PGlite or hold TCP connections to Redis).
export default {
  fetch(): Response {
    return new Response('Parley on Workers is not available yet.', { status: 501 });
  },
};
