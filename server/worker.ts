// Cloudflare Workers entry: a placeholder until the scaling issue, which brings Neon and
// Upstash drivers (a Worker cannot run PGlite or hold TCP connections to Redis).
export default {
  fetch(): Response {
    return new Response('Parley on Workers is not available yet.', { status: 501 });
  },
};
