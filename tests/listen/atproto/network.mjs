// A real Bluesky network on 127.0.0.1 (PLC, PDS, AppView) from @atproto/dev-env, seeded for the
// connector tests. Prints one JSON line with the URLs and accounts, then stays up until its
// standard input closes. Run from the folder where @atproto/dev-env is installed.
// (The dev AppView searches with a case-sensitive LIKE, unlike bsky.social: keep keywords
// lower-case in the seed.)
import { TestNetwork } from '@atproto/dev-env'

const network = await TestNetwork.create({
  dbPostgresUrl: process.env.DB_POSTGRES_URL,
  dbPostgresSchema: process.env.DB_POSTGRES_SCHEMA,
})
const sc = network.getSeedClient()
const accounts = {
  brand: { handle: 'kestrel.test', email: 'brand@kestrel.test', password: 'brand-password' },
  ada: { handle: 'ada.test', email: 'ada@ada.test', password: 'ada-password' },
}
await sc.createAccount('brand', accounts.brand)
await sc.createAccount('ada', accounts.ada)
const brand = sc.dids.brand
const ada = sc.dids.ada

const launch = await sc.post(brand, 'The new kestrel grinder is out today')
// Index the post before its reply: a reply indexed first gets no reply notification.
await network.processAll()
const complaint = await sc.reply(ada, launch.ref, launch.ref, 'My kestrel grinder broke after two days')
const text = 'hey @kestrel.test is there a kestrel repair shop?'
const start = Buffer.byteLength('hey ')
const mention = await sc.post(ada, text, [
  {
    index: { byteStart: start, byteEnd: start + Buffer.byteLength('@kestrel.test') },
    features: [{ $type: 'app.bsky.richtext.facet#mention', did: brand }],
  },
])
await sc.like(ada, launch.ref)
await sc.follow(ada, brand)
await network.processAll()

const ref = (post) => ({ uri: post.ref.uriStr, cid: post.ref.cidStr })
console.log(JSON.stringify({
  pds: network.pds.url,
  appview: network.bsky.url,
  brand: { did: brand, ...accounts.brand },
  ada: { did: ada, ...accounts.ada },
  posts: { launch: ref(launch), complaint: ref(complaint), mention: ref(mention) },
}))

process.stdin.resume()
process.stdin.on('end', async () => {
  await network.close()
  process.exit(0)
})
