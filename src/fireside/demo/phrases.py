"""What people say to a coffee brand, in four languages, written for the demo (no copied data).

Each template may use {product}, {brand}, {order}, {days} and {city}.
"""

from __future__ import annotations

PRODUCTS = {
    "en": [
        "Ethiopia Guji beans",
        "Nordic Light roast",
        "K2 burr grinder",
        "Espresso Blend No. 5",
        "monthly subscription",
        "decaf Colombia",
        "cold brew kit",
        "pour-over starter set",
    ],
    "fi": [
        "Etiopia Guji -papuja",
        "Nordic Light -paahtoa",
        "K2-myllyä",
        "Espresso Blend No. 5",
        "kuukausitilausta",
        "kofeiinitonta Kolumbiaa",
        "kylmäuuttosettiä",
    ],
    "es": [
        "granos Etiopía Guji",
        "tueste Nordic Light",
        "molinillo K2",
        "Espresso Blend No. 5",
        "suscripción mensual",
        "descafeinado de Colombia",
        "kit de cold brew",
    ],
    "de": [
        "Äthiopien Guji Bohnen",
        "Nordic Light Röstung",
        "K2 Kegelmühle",
        "Espresso Blend No. 5",
        "Monatsabo",
        "entkoffeinierten Kolumbien",
        "Cold-Brew-Set",
    ],
}

CITIES = {
    "en": ["Leeds", "Portland", "Dublin", "Austin", "Bristol", "Melbourne"],
    "fi": ["Helsinki", "Tampere", "Oulu", "Turku", "Jyväskylä"],
    "es": ["Madrid", "Sevilla", "Valencia", "Bilbao", "Ciudad de México"],
    "de": ["Berlin", "Hamburg", "München", "Köln", "Wien"],
}

TEMPLATES: dict[str, dict[str, list[str]]] = {
    "question": {
        "en": [
            "@{brand} does the {product} ship to {city}? Can't find it at checkout",
            "Hey @{brand}, what grind setting would you use for the {product} in an Aeropress?",
            "Is the {product} back in stock anytime soon? Been waiting {days} days",
            "How do I pause my subscription for a month? Going travelling",
            "@{brand} quick question: is order {order} going out this week?",
            "Can I change the address on order {order}? I moved last week",
        ],
        "fi": [
            "@{brand} toimitatteko {product} myös {city}in? En löydä kassalta",
            "Moi! Miten saan tilaukseni tauolle kuukaudeksi?",
            "Onko {product} tulossa takaisin varastoon? Odottanut jo {days} päivää",
            "Voiko tilauksen {order} osoitetta vielä muuttaa?",
        ],
        "es": [
            "@{brand} ¿hacéis envíos de {product} a {city}?",
            "Hola, ¿cómo puedo pausar mi suscripción un mes?",
            "¿Cuándo vuelve a estar disponible el {product}? Llevo {days} días esperando",
            "¿Se puede cambiar la dirección del pedido {order}?",
        ],
        "de": [
            "@{brand} liefert ihr {product} auch nach {city}?",
            "Hallo, wie kann ich mein Abo für einen Monat pausieren?",
            "Wann ist die {product} wieder lieferbar? Warte schon {days} Tage",
            "Kann ich die Adresse für Bestellung {order} noch ändern?",
        ],
    },
    "complaint": {
        "en": [
            "@{brand} my order {order} still hasn't arrived after {days} days. This is really frustrating",
            "Second time the {product} bag arrived split open. Coffee everywhere. Not happy @{brand}",
            "@{brand} you charged me twice for order {order}. Please fix this ASAP",
            "The {product} I got tastes stale, roast date was over two months ago. Disappointed",
            "Ordered whole beans, got pre-ground {product}. Useless for my espresso machine @{brand}",
            "Still no reply to my email about order {order}. {days} days now. Terrible service",
        ],
        "fi": [
            "@{brand} tilaukseni {order} ei ole vieläkään tullut, {days} päivää odotettu. Todella ärsyttävää",
            "Pussi oli taas revennyt ja kahvit pitkin pakettia. Ei hyvä",
            "Veloititte minulta kahdesti tilauksesta {order}. Korjatkaa pian",
            "{product} maistui vanhalta, paahtopäivä yli kaksi kuukautta sitten. Pettymys",
        ],
        "es": [
            "@{brand} mi pedido {order} todavía no ha llegado después de {days} días. Muy decepcionado",
            "La bolsa de {product} llegó rota otra vez. Qué desastre",
            "Me habéis cobrado dos veces el pedido {order}. Solucionadlo por favor",
            "El {product} sabía rancio, tostado hace dos meses. Fatal",
        ],
        "de": [
            "@{brand} meine Bestellung {order} ist nach {days} Tagen immer noch nicht da. Sehr ärgerlich",
            "Die Tüte {product} kam wieder kaputt an. Kaffee überall. Echt schlecht",
            "Ihr habt Bestellung {order} doppelt abgebucht. Bitte sofort korrigieren",
            "Der {product} schmeckte alt, Röstdatum vor zwei Monaten. Enttäuschend",
        ],
    },
    "praise": {
        "en": [
            "The {product} from @{brand} is honestly the best coffee I've had all year ☕",
            "Shout out to @{brand} support, sorted my order in ten minutes. Love you folks",
            "Morning ritual: {product} + rain on the window. Thank you @{brand}!",
            "Can't stop recommending the {product}. So smooth, zero bitterness",
        ],
        "fi": [
            "{product} on ihan parasta kahvia mitä olen juonut ☕ kiitos @{brand}!",
            "Kiitos nopeasta asiakaspalvelusta, kaikki hoitui kymmenessä minuutissa",
            "Aamun paras hetki: {product} ja sade ikkunassa. Kiitos!",
        ],
        "es": [
            "El {product} de @{brand} es el mejor café que he probado este año ☕",
            "Gracias al equipo de @{brand}, resolvieron mi pedido en diez minutos. Geniales",
            "Me encanta el {product}, suave y nada amargo. Lo recomiendo a todos",
        ],
        "de": [
            "Der {product} von @{brand} ist der beste Kaffee, den ich dieses Jahr hatte ☕",
            "Danke an den Support von @{brand}, in zehn Minuten war alles geklärt. Super",
            "Ich liebe den {product}, so mild und gar nicht bitter. Klare Empfehlung",
        ],
    },
    "purchase_intent": {
        "en": [
            "Thinking of getting the {product} for my dad's birthday, is it worth it?",
            "Where can I buy the {product} in {city}? Want to pick some up this weekend",
            "Ready to order the {product}, do you have a discount code for first orders? @{brand}",
            "I want to buy a gift subscription for my sister, how does that work?",
        ],
        "fi": [
            "Mistä voin ostaa {product} {city}ssa? Haluaisin hakea viikonloppuna",
            "Aion tilata {product} isälle lahjaksi, onko alennuskoodia?",
        ],
        "es": [
            "¿Dónde puedo comprar el {product} en {city}? Quiero comprarlo este fin de semana",
            "Quiero regalar una suscripción a mi hermana, ¿cómo funciona?",
        ],
        "de": [
            "Wo kann ich den {product} in {city} kaufen? Möchte am Wochenende welchen holen",
            "Ich will ein Geschenkabo für meine Schwester kaufen, wie geht das?",
        ],
    },
    "feedback": {
        "en": [
            "Suggestion for @{brand}: please add a 500g size of the {product}, 250g goes too fast",
            "Would love compostable bags. The {product} deserves better packaging",
            "Feature request: let me skip a month in the subscription app instead of emailing",
        ],
        "fi": [
            "Ehdotus: lisätkää {product} myös 500 g pussiin, 250 g loppuu liian nopeasti",
            "Toivoisin kompostoitavia pakkauksia",
        ],
        "es": [
            "Sugerencia: por favor añadid un formato de 500 g del {product}",
            "Estaría genial tener bolsas compostables",
        ],
        "de": [
            "Vorschlag: bitte den {product} auch in 500 g anbieten, 250 g sind zu schnell leer",
            "Kompostierbare Verpackungen wären toll",
        ],
    },
    "other": {
        "en": [
            "Rainy Sunday, third cup already. Anyone else?",
            "Watching the roasting video again, that first crack sound is so satisfying",
            "lol my cat tried to drink my {product}",
        ],
        "fi": ["Sateinen sunnuntai ja jo kolmas kuppi", "Kissa yritti juoda kahviani haha"],
        "es": [
            "Domingo lluvioso, ya voy por el tercer café",
            "Mi gato intentó beberse mi café jaja",
        ],
        "de": [
            "Regnerischer Sonntag, schon die dritte Tasse",
            "Meine Katze wollte meinen Kaffee trinken",
        ],
    },
}

BRAND_POSTS = [
    "New roast day! {product} is back, roasted this morning and shipping tomorrow.",
    "How we pick our beans: a short video from our trip to the Guji highlands.",
    "Tip: weigh your coffee. 15 g to 250 g water is where we start for pour-over.",
    "Our {product} is now available in compostable packaging. You asked, we listened.",
    "Holiday shipping dates are up: order by the 18th for delivery before the break.",
    "Meet the team: Aino has been roasting with us for six years. Ask her anything!",
    "Behind the scenes: cupping 14 samples to find next month's single origin.",
    "Giveaway! Repost and tell us your favourite brew method to win a {product}.",
]

BRAND_REPLIES = {
    "complaint": {
        "en": [
            "Hi {name}, so sorry about that! I've sent you a DM so we can sort out order {order} right away.",
            "That's not the experience we want for you, {name}. A replacement is on its way today.",
        ],
        "fi": [
            "Hei {name}, todella pahoittelut! Laitoin sinulle yksityisviestin, selvitetään tilaus {order} heti."
        ],
        "es": [
            "¡Hola {name}, lo sentimos mucho! Te hemos escrito por mensaje privado para resolver el pedido {order}."
        ],
        "de": [
            "Hallo {name}, das tut uns sehr leid! Wir haben dir eine DM geschickt, um Bestellung {order} zu klären."
        ],
    },
    "praise": {
        "en": ["Thanks {name}! That made our day ☕", "You're the best, {name}. Enjoy every cup!"],
        "fi": ["Kiitos {name}! Tämä ilahdutti koko tiimiä ☕"],
        "es": ["¡Gracias {name}! Nos has alegrado el día ☕"],
        "de": ["Danke {name}! Das freut uns riesig ☕"],
    },
    "question": {
        "en": [
            "Hi {name}, yes we do! Shipping is free over 30 €. Let us know if you need a hand.",
            "Hi {name}, good question: you can change that under Account → Orders. Happy to help by DM too.",
        ],
        "fi": ["Hei {name}, kyllä onnistuu! Toimitus on ilmainen yli 30 € tilauksiin."],
        "es": ["¡Hola {name}! Sí, el envío es gratis a partir de 30 €."],
        "de": ["Hallo {name}, ja klar! Ab 30 € ist der Versand kostenlos."],
    },
    "feedback": {
        "en": ["Great idea {name}, I've passed it to the team."],
        "fi": ["Hyvä idea {name}, välitin sen tiimille."],
        "es": ["¡Buena idea {name}! Se la he pasado al equipo."],
        "de": ["Gute Idee {name}, ich habe sie ans Team weitergegeben."],
    },
}
BRAND_REPLIES["purchase_intent"] = BRAND_REPLIES["question"]

SPAM = {
    "link_farm": [
        "Great post! Visit my site for more info http://best-deals-{n}.example/seo {n2}",
        "Nice blog, check out http://cheap-backlinks-{n}.example and http://rank-fast-{n2}.example",
    ],
    "brand_list": [
        "cheap oakleys sunglasses replica watches louis vuitton outlet ugg boots sale {n}",
        "ray ban outlet, michael kors handbags, cheap jordans, north face jackets clearance",
    ],
    "loan": [
        "Need a loan? Get $5000 today, bad credit OK, no checks. Apply now at http://quickcash-{n}.example",
        "Are you in debt? We offer loans at 2% interest to individuals and companies. Contact us now",
    ],
    "flattery": [
        "Very informative article, thanks for sharing this useful information with us.",
        "I really like your writing style, great information, thank you for posting.",
        "Wow, this post is fastidious, my younger sister is analyzing such things.",
    ],
    "scam": [
        "WINNER!! You have been selected for a £1000 gift card. Text CLAIM to 80{n} now",
        "Congratulations! Your number won a free iPhone. Call 0906{n} to claim before midnight",
        "Check out my channel!! subscribe and I'll subscribe back {n}",
    ],
}

SPAM_AUTHOR_NAMES = [
    "Best SEO Services",
    "Cheap Oakleys",
    "Payday Loans Online",
    "Replica Watches",
    "buy cheap backlinks",
    "Garcinia Cambogia",
    "Fast Cash Loans",
]

FIRST_NAMES = {
    "en": [
        "Olivia",
        "Liam",
        "Emma",
        "Noah",
        "Amelia",
        "Jack",
        "Sophie",
        "Harry",
        "Grace",
        "Leo",
        "Chloe",
        "Ethan",
        "Maya",
        "Oscar",
        "Ruby",
        "Sam",
        "Isla",
        "Finn",
        "Zoe",
        "Max",
    ],
    "fi": [
        "Aino",
        "Eetu",
        "Helmi",
        "Onni",
        "Sofia",
        "Väinö",
        "Emilia",
        "Leevi",
        "Aada",
        "Elias",
        "Venla",
        "Niilo",
        "Iida",
        "Toivo",
    ],
    "es": [
        "Lucía",
        "Hugo",
        "Martina",
        "Mateo",
        "Sofía",
        "Pablo",
        "Valeria",
        "Álvaro",
        "Carmen",
        "Diego",
        "Elena",
        "Javier",
    ],
    "de": [
        "Mia",
        "Ben",
        "Hannah",
        "Paul",
        "Lena",
        "Jonas",
        "Lea",
        "Felix",
        "Marie",
        "Lukas",
        "Anna",
        "Tim",
    ],
}
LAST_NAMES = {
    "en": [
        "Smith",
        "Jones",
        "Taylor",
        "Brown",
        "Walker",
        "Wright",
        "Green",
        "Hall",
        "Wood",
        "Clarke",
    ],
    "fi": [
        "Korhonen",
        "Virtanen",
        "Mäkinen",
        "Nieminen",
        "Mäkelä",
        "Hämäläinen",
        "Laine",
        "Koskinen",
    ],
    "es": ["García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Ruiz", "Díaz"],
    "de": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker"],
}

# Openers and closers make template sentences read like different people wrote them (and keep
# honest customers from looking like a copy-paste wave to the near-duplicate detector).
OPENERS = {
    "en": [
        "",
        "",
        "Hi! ",
        "Hey team, ",
        "Quick one: ",
        "Ok so ",
        "Hello, ",
        "Honest question. ",
        "Morning! ",
        "Sorry to bother, ",
    ],
    "fi": ["", "", "Moi! ", "Hei, ", "Kysymys: ", "No niin, ", "Huomenta! "],
    "es": ["", "", "¡Hola! ", "Buenas, ", "Una pregunta: ", "Oye, ", "Buenos días, "],
    "de": ["", "", "Hallo! ", "Hi zusammen, ", "Kurze Frage: ", "Moin, ", "Guten Morgen, "],
}
CLOSERS = {
    "en": [
        "",
        "",
        " thanks",
        " 🙏",
        "!!",
        " cheers",
        " x",
        " (again)",
        " please help",
        " — love the coffee otherwise",
    ],
    "fi": ["", "", " kiitos", " 🙏", "!!", " t. vakioasiakas", " :)"],
    "es": ["", "", " gracias", " 🙏", "!!", " un saludo", " :)"],
    "de": ["", "", " danke", " 🙏", "!!", " viele Grüße", " :)"],
}
