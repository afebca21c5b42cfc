/**
 * The shop's catalogue, shared by the server (product pages) and the browser (cart).
 * Prices are in euro cents so sums never drift.
 *
 * @typedef {object} Product
 * @property {string} slug URL segment: `/product/<slug>`
 * @property {string} name
 * @property {number} price in euro cents
 * @property {'outerwear' | 'hiking' | 'running' | 'accessories'} category
 * @property {'jacket' | 'vest' | 'boot' | 'shoe' | 'pack' | 'tent' | 'beanie' | 'bottle'} art illustration
 * @property {string} color main colour of the illustration
 * @property {string} summary one line for cards
 * @property {string} description
 * @property {boolean} [featured] shown on the home page
 */

/** @type {readonly Product[]} */
export const PRODUCTS = [
  {
    slug: 'fjord-shell-jacket',
    name: 'Fjord Shell Jacket',
    price: 18900,
    category: 'outerwear',
    art: 'jacket',
    color: '#2f6f4f',
    summary: 'Three-layer waterproof shell for wet, windy ridges.',
    description:
      'A lightweight three-layer shell with taped seams, pit zips and a helmet-compatible hood. ' +
      'Packs into its own chest pocket. Made from 100% recycled nylon with a PFC-free finish.',
    featured: true,
  },
  {
    slug: 'ridgeline-down-vest',
    name: 'Ridgeline Down Vest',
    price: 12900,
    category: 'outerwear',
    art: 'vest',
    color: '#b4532a',
    summary: 'Warm 700-fill down vest for cold mornings.',
    description:
      'Responsibly sourced 700-fill-power down in baffled chambers keeps your core warm without bulk. ' +
      'Zippered hand pockets, a stretch hem and a water-repellent face fabric.',
    featured: true,
  },
  {
    slug: 'summit-hiking-boots',
    name: 'Summit Hiking Boots',
    price: 15900,
    category: 'hiking',
    art: 'boot',
    color: '#6b4f3a',
    summary: 'Waterproof leather boots with a grippy sole.',
    description:
      'Full-grain leather uppers, a breathable waterproof membrane and a Vibram-style lugged outsole. ' +
      'Stiff enough for scree, comfortable enough for a long day out of the box.',
    featured: true,
  },
  {
    slug: 'swift-trail-runners',
    name: 'Swift Trail Runners',
    price: 11900,
    category: 'running',
    art: 'shoe',
    color: '#1f5f8b',
    summary: 'Light, cushioned trail shoes with a rock plate.',
    description:
      'A 6 mm drop, a protective rock plate and 4 mm lugs for loose ground. ' +
      'The breathable mesh upper drains fast after stream crossings.',
  },
  {
    slug: 'trailhead-daypack-28',
    name: 'Trailhead Daypack 28 L',
    price: 8900,
    category: 'hiking',
    art: 'pack',
    color: '#8b2f3f',
    summary: 'A 28-litre pack with a ventilated back panel.',
    description:
      'Room for a day on the hill: a hydration sleeve, a stretch front pocket, hip-belt pockets and a ' +
      'ventilated mesh back panel. Includes a rain cover.',
    featured: true,
  },
  {
    slug: 'lakeside-tent-2p',
    name: 'Lakeside 2-Person Tent',
    price: 24900,
    category: 'hiking',
    art: 'tent',
    color: '#c08a1e',
    summary: 'Freestanding three-season tent, 1.9 kg.',
    description:
      'Two doors, two vestibules and a freestanding pole set that pitches in minutes. ' +
      'A 3000 mm fly and a bathtub floor keep you dry when the weather turns.',
  },
  {
    slug: 'merino-beanie',
    name: 'Merino Beanie',
    price: 2400,
    category: 'accessories',
    art: 'beanie',
    color: '#4a4f8c',
    summary: 'Soft, itch-free merino wool beanie.',
    description:
      'Fine 18.5-micron merino wool, double-layered over the ears. ' +
      'Warm when damp, naturally odour-resistant, and machine washable.',
  },
  {
    slug: 'insulated-bottle',
    name: 'Insulated Bottle 0.75 L',
    price: 2900,
    category: 'accessories',
    art: 'bottle',
    color: '#3b7a78',
    summary: 'Keeps drinks hot for 12 hours, cold for 24.',
    description:
      'Double-walled stainless steel with a leak-proof lid and a powder-coated grip. ' +
      'Fits most backpack side pockets and car cup holders.',
  },
];

/**
 * The product with this slug, if any.
 * @param {string} slug
 * @returns {Product | undefined}
 */
export const productBySlug = (slug) => PRODUCTS.find((p) => p.slug === slug);

const EUR = new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' });

/**
 * A price in euro cents as text, e.g. `€189.00`.
 * @param {number} cents
 */
export const formatPrice = (cents) => EUR.format(cents / 100);
