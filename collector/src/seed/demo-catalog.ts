import type { SiteInput, SurveyInput, TouchpointInput } from '@touchpoint/shared';

/** The demo shop's origins (demo-site serves on port 5173). */
export const DEMO_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

/** The demo lets a visitor see one survey after another; a real site keeps a cooldown (default 24 h). */
export const demoSite: SiteInput = {
  key: 'demo',
  name: 'Northwind Outfitters (demo)',
  origins: DEMO_ORIGINS,
  settings: {
    cooldownHours: 0,
    // the shop's own look (demo-site/public/shop.css): its rust on its paper, in its ink; the logo the collector serves
    theme: {
      brand: '#a3461f',
      text: '#1d2a24',
      background: '#faf8f3',
      radius: 10,
      logo: '/demo/northwind.svg',
      poweredBy: true,
    },
  },
};

/** A touchpoint with how good the experience there is (shifts its scores) and its share of traffic. */
export interface DemoTouchpoint extends TouchpointInput {
  quality: number;
  weight: number;
  survey: string;
  region?: string;
}

export const demoTouchpoints: DemoTouchpoint[] = [
  { id: 'home', name: 'Home page', kind: 'web', tags: ['web'], quality: 0.3, weight: 5, survey: 'site-nps' },
  {
    id: 'product-page',
    name: 'Product pages',
    kind: 'web',
    tags: ['web'],
    quality: 0.4,
    weight: 9,
    survey: 'site-nps',
  },
  { id: 'cart', name: 'Cart', kind: 'web', tags: ['web'], quality: -0.6, weight: 6, survey: 'cart-drop-off' },
  { id: 'checkout', name: 'Checkout', kind: 'web', tags: ['web'], quality: -0.2, weight: 5, survey: 'site-nps' },
  {
    id: 'order-confirmation',
    name: 'Order confirmation',
    kind: 'web',
    tags: ['web'],
    quality: 0.8,
    weight: 8,
    survey: 'post-purchase',
  },
  {
    id: 'help-center',
    name: 'Help center',
    kind: 'web',
    tags: ['web', 'service'],
    quality: -0.9,
    weight: 3,
    survey: 'site-nps',
  },
  {
    id: 'store-01',
    name: 'Store 01 Berlin Mitte',
    kind: 'store',
    tags: ['store'],
    region: 'East',
    quality: 1.0,
    weight: 5,
    survey: 'store-nps',
  },
  {
    id: 'store-02',
    name: 'Store 02 Hamburg',
    kind: 'store',
    tags: ['store'],
    region: 'North',
    quality: 0.6,
    weight: 4,
    survey: 'store-nps',
  },
  {
    id: 'store-03',
    name: 'Store 03 Munich',
    kind: 'store',
    tags: ['store'],
    region: 'South',
    quality: 0.9,
    weight: 4,
    survey: 'store-nps',
  },
  {
    id: 'store-04',
    name: 'Store 04 Cologne',
    kind: 'store',
    tags: ['store'],
    region: 'West',
    quality: 0.1,
    weight: 4,
    survey: 'store-nps',
  },
  {
    id: 'store-05',
    name: 'Store 05 Frankfurt',
    kind: 'store',
    tags: ['store'],
    region: 'West',
    quality: -0.4,
    weight: 3,
    survey: 'store-nps',
  },
  {
    id: 'store-06',
    name: 'Store 06 Stuttgart',
    kind: 'store',
    tags: ['store'],
    region: 'South',
    quality: 0.5,
    weight: 3,
    survey: 'store-nps',
  },
  {
    id: 'store-07',
    name: 'Store 07 Leipzig',
    kind: 'store',
    tags: ['store'],
    region: 'East',
    quality: -1.1,
    weight: 3,
    survey: 'store-nps',
  },
  {
    id: 'store-12',
    name: 'Store 12 Dresden',
    kind: 'store',
    tags: ['store'],
    region: 'East',
    quality: 0.2,
    weight: 4,
    survey: 'store-nps',
  },
  {
    id: 'kiosk-store-12',
    name: 'Kiosk, Store 12 entrance',
    kind: 'kiosk',
    tags: ['kiosk'],
    region: 'East',
    quality: 0.0,
    weight: 6,
    survey: 'kiosk',
  },
  {
    id: 'kiosk-store-03',
    name: 'Kiosk, Store 03 checkout',
    kind: 'kiosk',
    tags: ['kiosk'],
    region: 'South',
    quality: 0.7,
    weight: 5,
    survey: 'kiosk',
  },
  { id: 'qr-receipt', name: 'QR on receipts', kind: 'qr', tags: ['qr'], quality: 0.4, weight: 5, survey: 'store-nps' },
  {
    id: 'qr-fitting-room',
    name: 'QR in fitting rooms',
    kind: 'qr',
    tags: ['qr'],
    quality: -0.3,
    weight: 2,
    survey: 'store-nps',
  },
  {
    id: 'qr-click-collect',
    name: 'QR at click & collect',
    kind: 'qr',
    tags: ['qr'],
    quality: -0.8,
    weight: 2,
    survey: 'store-nps',
  },
  {
    id: 'phone-hotline',
    name: 'Phone survey (imported)',
    kind: 'store',
    tags: ['phone'],
    quality: 1.4,
    weight: 2,
    survey: 'store-nps',
  },
];

const likely = {
  en: 'How likely are you to recommend Northwind to a friend?',
  de: 'Wie wahrscheinlich ist es, dass Sie Northwind einem Freund empfehlen?',
  fr: 'Quelle est la probabilité que vous recommandiez Northwind à un ami ?',
  es: '¿Qué probabilidad hay de que recomiende Northwind a un amigo?',
};
const whatWrong = {
  en: 'Sorry to hear that. What went wrong?',
  de: 'Das tut uns leid. Was lief schief?',
  fr: 'Désolés. Qu’est-ce qui n’a pas marché ?',
  es: 'Lo sentimos. ¿Qué salió mal?',
};
const whatBest = {
  en: 'What did you like most?',
  de: 'Was hat Ihnen am besten gefallen?',
  fr: 'Qu’avez-vous le plus apprécié ?',
  es: '¿Qué es lo que más le gustó?',
};
const npsLabels = {
  lowLabel: { en: 'Not at all likely', de: 'Unwahrscheinlich' },
  highLabel: { en: 'Extremely likely', de: 'Äußerst wahrscheinlich' },
};
const topics = [
  { id: 'price', label: { en: 'Price', de: 'Preis' } },
  { id: 'staff', label: { en: 'Staff', de: 'Personal' } },
  { id: 'choice', label: { en: 'Product choice', de: 'Auswahl' } },
  { id: 'waiting', label: { en: 'Waiting time', de: 'Wartezeit' } },
  { id: 'delivery', label: { en: 'Delivery', de: 'Lieferung' } },
];

export const demoSurveys: SurveyInput[] = [
  {
    id: 'site-nps',
    name: 'Website NPS (exit intent)',
    touchpoint: 'product-page',
    questions: [
      { id: 'nps', type: 'nps', text: likely, required: true, ...npsLabels },
      { id: 'why', type: 'text', text: whatWrong, showIf: { question: 'nps', max: 6 } },
      { id: 'best', type: 'text', text: whatBest, showIf: { question: 'nps', min: 9 } },
      {
        id: 'topic',
        type: 'single',
        text: { en: 'What is your feedback mostly about?', de: 'Worum geht es vor allem?' },
        choices: topics,
      },
    ],
    trigger: { type: 'exit-intent', armMs: 3000, minTimeOnPageMs: 5000 },
    display: { sampling: 100, recontactDays: 30, frequency: 'until-answered', position: 'bottom-right' },
    urls: { include: [{ match: 'contains', value: '/product' }], exclude: [{ match: 'contains', value: '/checkout' }] },
  },
  {
    id: 'cart-drop-off',
    name: 'Cart drop-off',
    touchpoint: 'cart',
    questions: [
      {
        id: 'reason',
        type: 'single',
        text: {
          en: 'Before you go: what stopped you from ordering today?',
          de: 'Bevor Sie gehen: Was hat Sie heute vom Bestellen abgehalten?',
        },
        required: true,
        choices: [
          { id: 'shipping-cost', label: { en: 'Shipping costs', de: 'Versandkosten' } },
          { id: 'just-looking', label: { en: 'Just looking', de: 'Nur umsehen' } },
          { id: 'payment', label: { en: 'Payment options', de: 'Zahlungsarten' } },
          { id: 'price', label: { en: 'Too expensive', de: 'Zu teuer' } },
          { id: 'other', label: { en: 'Something else', de: 'Etwas anderes' } },
        ],
      },
      { id: 'nps', type: 'nps', text: likely, ...npsLabels },
      {
        id: 'comment',
        type: 'text',
        text: { en: 'Anything we could do better?', de: 'Was können wir besser machen?' },
      },
    ],
    trigger: { type: 'cart-drop-off', idleSeconds: 45, checkoutUrls: [{ match: 'contains', value: '/checkout' }] },
  },
  {
    id: 'post-purchase',
    name: 'Post-purchase CSAT',
    touchpoint: 'order-confirmation',
    questions: [
      {
        id: 'csat',
        type: 'csat',
        text: {
          en: 'How satisfied are you with your shopping experience?',
          de: 'Wie zufrieden sind Sie mit Ihrem Einkauf?',
        },
        required: true,
      },
      { id: 'ces', type: 'ces', text: { en: 'It was easy to place my order.', de: 'Die Bestellung war einfach.' } },
      { id: 'nps', type: 'nps', text: likely, ...npsLabels },
      { id: 'comment', type: 'text', text: { en: 'Tell us more (optional)', de: 'Erzählen Sie mehr (optional)' } },
    ],
    trigger: { type: 'page-view' },
    urls: { include: [{ match: 'contains', value: '/order-confirmation' }], exclude: [] },
  },
  {
    id: 'kiosk',
    name: 'In-store kiosk',
    touchpoint: 'kiosk-store-12',
    questions: [
      {
        id: 'smiley',
        type: 'smiley',
        text: { en: 'How was your visit today?', de: 'Wie war Ihr Besuch heute?' },
        required: true,
      },
      { id: 'nps', type: 'nps', text: likely, ...npsLabels },
      {
        id: 'bought',
        type: 'single',
        text: { en: 'Did you buy something today?', de: 'Haben Sie heute etwas gekauft?' },
        choices: [
          { id: 'yes', label: { en: 'Yes', de: 'Ja' } },
          { id: 'no', label: { en: 'No', de: 'Nein' } },
        ],
      },
      { id: 'why', type: 'text', text: whatWrong, showIf: { question: 'smiley', max: 2 } },
    ],
    // Shown by the kiosk page (/k/…) only: no trigger of its own, so it never pops up on the shop.
    trigger: { type: 'manual' },
  },
  {
    id: 'store-nps',
    name: 'Store NPS (QR and link)',
    title: { en: 'Your visit to Northwind Store 12', de: 'Ihr Besuch bei Northwind, Filiale 12' },
    touchpoint: 'store-12',
    questions: [
      { id: 'nps', type: 'nps', text: likely, required: true, ...npsLabels },
      { id: 'why', type: 'text', text: whatWrong, showIf: { question: 'nps', max: 6 } },
      { id: 'best', type: 'text', text: whatBest, showIf: { question: 'nps', min: 9 } },
      {
        id: 'topic',
        type: 'multi',
        text: { en: 'What stood out?', de: 'Was ist Ihnen aufgefallen?' },
        choices: topics,
      },
      {
        id: 'contact',
        type: 'contact',
        text: {
          en: 'May we contact you about your feedback? Leave your e-mail.',
          de: 'Dürfen wir Sie kontaktieren? Ihre E-Mail:',
        },
      },
    ],
    trigger: { type: 'manual' },
  },
];
