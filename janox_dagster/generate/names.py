"""People, companies, e-mails, phones and titles from the five markets, with their letters.

Countries are small int codes into `COUNTRIES`; Germany, Austria and Switzerland share
the German name lists. Every function takes code arrays and a numpy Generator and
returns object arrays of str, so callers stay vectorised.
"""

from __future__ import annotations

import re

import numpy as np

COUNTRIES = ("DK", "SE", "NO", "DE", "AT", "CH", "HU")
#: Share of leads/accounts per country.
COUNTRY_WEIGHTS = np.array([0.22, 0.24, 0.15, 0.20, 0.03, 0.02, 0.14])
#: Language list used per country (0 da, 1 sv, 2 no, 3 de, 4 hu).
LANGUAGE = np.array([0, 1, 2, 3, 3, 3, 4])
#: The sales team group (market) per country: DK, SE, NO, DACH, HU.
MARKET = np.array([0, 1, 2, 3, 3, 3, 4])
MARKET_NAMES = ("Danmark", "Sverige", "Norge", "DACH", "Magyarország")
TLD = ("dk", "se", "no", "de", "at", "ch", "hu")

FIRST = (
    # da
    "Anders Mette Søren Jørgen Kirsten Lars Hanne Morten Bjørn Signe Rasmus Maja Mikkel Louise "
    "Jens Trine Frederik Ida Christian Sofie Niels Camilla Thomas Line Mads Birgitte Kasper Astrid "
    "Henrik Freja Torben Malene Jesper Gitte Bent Inger Poul Else Kåre Åse",
    # sv
    "Anna Erik Åsa Björn Märta Lars Karin Johan Ingrid Mikael Sofia Anders Maria Per Linnéa Jöran "
    "Eva Håkan Elin Göran Maja Oskar Ebba Nils Saga Axel Agnes Olof Astrid Sören Annika Ulf "
    "Birgitta Stellan Åke Löwe",
    # no
    "Ole Kari Øystein Ingrid Bjørn Solveig Knut Åse Håkon Sigrid Magnus Nora Eirik Ragnhild "
    "Torbjørn Synnøve Jørgen Tone Ståle Hege Ola Marit Geir Silje Trond Liv Espen Randi Vegard "
    "Kjersti Gøril Bård",
    # de
    "Lukas Jürgen Sabine Jörg Katrin Matthias Ute Stefan Anja Günther Birgit Thomas Sönke Claudia "
    "Michael Ines Andreas Bärbel Ralf Sophie Käthe Uwe Jens Heike Dieter Franziska Maximilian "
    "Grete Tobias Lena Sebastian Anneliese Florian Hannelore Jürgen Björn",
    # hu
    "László Zsófia Gábor Éva István Katalin Péter Erzsébet Zoltán Ágnes Tamás Judit Ferenc Ildikó "
    "Attila Krisztina Balázs Réka Gyula Tünde Dániel Orsolya Áron Enikő Csaba Nóra Bence "
    "Zsuzsanna Levente Boglárka Ödön Győző Kinga Lőrinc",
)
LAST = (
    "Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen "
    "Petersen Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen Møller Mortensen "
    "Kjærgaard Østergaard Søndergaard Bæk Holm Frøkjær Dalsgaard Lønborg Bækgaard Nørgaard "
    "Skovgaard Brøndum Ærtebjerg Højgaard Krogh Berg",
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson "
    "Pettersson Jönsson Jansson Hansson Bengtsson Lindström Åberg Öberg Björklund Sjögren Ström "
    "Häggström Lundgren Bäckström Engström Wallén Forsén Åkesson Ekström Sandén",
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen "
    "Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen "
    "Sæther Bråten Løkken Ødegård Strøm Aasen Myhre Sørlie Bakke Sæbø Grønvold Lie",
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer "
    "Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange "
    "Schmitt Werner Krause Köhler Günther Weiß Jäger Groß Strauß Böhm Fuß Löffler Kößler",
    "Nagy Kovács Tóth Szabó Horváth Varga Kiss Molnár Németh Farkas Balogh Papp Takács Juhász "
    "Lakatos Mészáros Oláh Simon Rácz Fekete Szűcs Török Fehér Gál Szőke Pintér Vörös Bíró "
    "Lukács Kozma Győri Sárközi Hegedűs Kőműves Csörgő Búzás",
)
WORDS = (
    "Nordlys Havørn Skovbo Fjordsyn Ørestad Kærholm Blåvand Strandvejen Møllegården Egeskov "
    "Lysgården Bølgen Solsikke Åkande Vestjysk Fynske Himmerland Dybbøl",
    "Norrsken Älvdalen Fjällbacka Skärgård Björkhaga Ängsbacken Solvik Granö Ljungby Östersjö "
    "Sjöviken Vårgården Kvarnen Mälardalen Hjärtat Söderport Fyrtornet",
    "Nordlys Fjellheim Havbris Bølgen Solstrand Skogheim Tindeland Vestlandet Øyfjell Sjøgløtt "
    "Breivik Lysaker Måkeskjær Fjordglimt Isbjørn Vindkast",
    "Alpenblick Nordstern Sonnenhof Waldhaus Rheintal Bergwerk Lichtblick Brückenbau Mühlenbach "
    "Süderelbe Grünwald Hafenkante Fernblick Rosengärten Löwenzahn Bärenquell",
    "Napfény Duna Tisza Hajnal Kőhíd Főnix Gyöngy Szivárvány Bükk Mátra Balaton Délibáb Üveggyár "
    "Zöldmező Őrség Tűzkő Búzavirág",
)
TRADE = (
    "Rådgivning Byg Logistik Data Handel Teknik Ejendomme Maskinfabrik",
    "Konsult Bygg Logistik Data Handel Teknik Fastigheter Verkstad",
    "Rådgivning Bygg Logistikk Data Handel Teknikk Eiendom Mekaniske",
    "Beratung Bau Logistik Datentechnik Handel Technik Immobilien Maschinenbau",
    "Tanácsadó Építő Logisztikai Informatikai Kereskedelmi Műszaki Ingatlan Gépgyártó",
)
SUFFIX = (
    "ApS A/S ApS A/S I/S",
    "AB AB AB HB",
    "AS AS AS ASA",
    "GmbH GmbH AG KG GmbH_&_Co._KG",
    "Kft. Kft. Zrt. Bt. Nyrt.",
)
TITLES = (
    "Direktør|Salgschef|Indkøbschef|Økonomichef|Ejer|Marketingchef|Kundechef|Driftschef",
    "VD|Försäljningschef|Inköpschef|Ekonomichef|Ägare|Marknadschef|Kundansvarig|Driftchef",
    "Daglig leder|Salgssjef|Innkjøpssjef|Økonomisjef|Eier|Markedssjef|Kundeansvarlig",
    "Geschäftsführer|Vertriebsleiter|Einkaufsleiterin|Prokurist|Inhaber|Leiterin Marketing",
    "Ügyvezető igazgató|Értékesítési vezető|Beszerzési vezető|Pénzügyi igazgató|Tulajdonos",
)
TITLES_EN = ("CEO", "CFO", "COO", "Head of Sales", "Sales Manager", "Head of Operations")
TITLES_MULTILINE = ("Head of Sales\nNordics", "Geschäftsführer\n(Interim)", "CEO\nFounder")
INDUSTRIES = (
    "Manufacturing",
    "Software",
    "Retail",
    "Logistics",
    "Construction",
    "Professional services",
    "Healthcare",
    "Finance",
    "Energy",
    "Hospitality",
    "Education",
    "Real estate",
)
PHONE_PREFIX = ("+45", "+46", "+47", "+49", "+43", "+41", "+36")
FREEMAIL = ("gmail.com", "hotmail.com", "outlook.com", "live.dk", "yahoo.de", "freemail.hu")

_FOLD = str.maketrans(
    {
        "æ": "ae",
        "ø": "oe",
        "å": "aa",
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "ß": "ss",
        "á": "a",
        "é": "e",
        "í": "i",
        "ó": "o",
        "ő": "o",
        "ú": "u",
        "ű": "u",
        "Æ": "Ae",
        "Ø": "Oe",
        "Å": "Aa",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "Á": "A",
        "É": "E",
        "Í": "I",
        "Ó": "O",
        "Ő": "O",
        "Ú": "U",
        "Ű": "U",
    }
)


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _lists(spec: tuple[str, ...], sep: str | None = None) -> list[np.ndarray]:
    return [np.array(s.split(sep), dtype=object) for s in spec]


_FIRST = _lists(FIRST)
_LAST = _lists(LAST)
_WORDS = _lists(WORDS)
_TRADE = _lists(TRADE)
_SUFFIX = [np.array([x.replace("_", " ") for x in s.split()], dtype=object) for s in SUFFIX]
_TITLES = _lists(TITLES, "|")


def ascii_fold(text: str) -> str:
    """Plain-ASCII spelling of a name for e-mail addresses and domains."""
    return text.translate(_FOLD)


def _pick(pools: list[np.ndarray], lang: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One random element from the pool of each row's language."""
    out = np.empty(len(lang), dtype=object)
    u = rng.random(len(lang))
    for li, pool in enumerate(pools):
        m = lang == li
        out[m] = pool[(u[m] * len(pool)).astype(np.int64)]
    return out


def person_names(countries: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """First and last names for people of the given countries."""
    lang = LANGUAGE[countries]
    return _pick(_FIRST, lang, rng), _pick(_LAST, lang, rng)


def full_names(first: np.ndarray, last: np.ndarray, countries: np.ndarray) -> np.ndarray:
    """Display names; Hungarian names put the family name first."""
    hu = LANGUAGE[countries] == 4
    return np.array(
        [f"{b} {a}" if h else f"{a} {b}" for a, b, h in zip(first, last, hu, strict=True)],
        dtype=object,
    )


def company_names(countries: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Company names; a few contain commas and double quotes, as real CRM data does."""
    n = len(countries)
    lang = LANGUAGE[countries]
    w = _pick(_WORDS, lang, rng)
    t = _pick(_TRADE, lang, rng)
    s = _pick(_SUFFIX, lang, rng)
    l1 = _pick(_LAST, lang, rng)
    l2 = _pick(_LAST, lang, rng)
    pattern = rng.choice(7, size=n, p=[0.33, 0.24, 0.2, 0.1, 0.05, 0.05, 0.03])
    out = np.empty(n, dtype=object)
    for i in range(n):
        p = pattern[i]
        if p == 0:
            out[i] = f"{w[i]} {t[i]} {s[i]}"
        elif p == 1:
            out[i] = f"{l1[i]} {t[i]} {s[i]}"
        elif p == 2:
            out[i] = f"{w[i]} {s[i]}"
        elif p == 3:
            joiner = "és" if lang[i] == 4 else "&"
            out[i] = f"{l1[i]} {joiner} {l2[i]} {s[i]}"
        elif p == 4:
            out[i] = f"{l1[i]}, {l2[i]} & Co"
        elif p == 5:
            out[i] = f'"{w[i]}" {s[i]}'
        else:
            out[i] = f'{l1[i]}, "{w[i]}" {t[i]} {s[i]}'
    return out


def domains(companies: np.ndarray, countries: np.ndarray) -> np.ndarray:
    """Web domains derived from company names (e.g. `nordlys-data.dk`)."""
    out = np.empty(len(companies), dtype=object)
    skip = {"co", "as", "ab", "aps", ""}
    for i, (c, k) in enumerate(zip(companies.tolist(), countries.tolist(), strict=True)):
        words = _NON_ALNUM.sub(" ", ascii_fold(str(c)).lower()).split()[:2]
        slug = "-".join(x for x in words if x not in skip)
        out[i] = f"{slug or 'firma'}.{TLD[k]}"
    return out


def emails(
    first: np.ndarray, last: np.ndarray, domain: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Work e-mail addresses (some on free-mail domains) for people."""
    n = len(first)
    style = rng.choice(3, size=n, p=[0.7, 0.2, 0.1])
    free = rng.integers(0, len(FREEMAIL), n)
    out = np.empty(n, dtype=object)
    for i in range(n):
        f = ascii_fold(first[i]).lower().replace(" ", "")
        la = ascii_fold(last[i]).lower().replace(" ", "")
        if style[i] == 0:
            out[i] = f"{f}.{la}@{domain[i]}"
        elif style[i] == 1:
            out[i] = f"{f[0]}{la}@{domain[i]}"
        else:
            out[i] = f"{f}.{la}{i % 97}@{FREEMAIL[free[i]]}"
    return out


def phones(countries: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Phone numbers in each country's usual grouping."""
    n = len(countries)
    digits = rng.integers(10_000_000, 99_999_999, n)
    out = np.empty(n, dtype=object)
    for i in range(n):
        c = int(countries[i])
        d = str(digits[i])
        p = PHONE_PREFIX[c]
        if c == 0:
            out[i] = f"{p} {d[0:2]} {d[2:4]} {d[4:6]} {d[6:8]}"
        elif c == 1:
            out[i] = f"{p} 7{d[0]} {d[1:4]} {d[4:6]} {d[6:8]}"
        elif c == 2:
            out[i] = f"{p} 4{d[0:2]} {d[2:4]} {d[4:7]}"
        elif c == 6:
            out[i] = f"{p} {d[0:2]} {d[2:5]} {d[5:8]}"
        else:
            out[i] = f"{p} 1{d[0:2]} {d}"
    return out


def titles(countries: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Job titles in the local language or English; a very few hold a line break."""
    out = _pick(_TITLES, LANGUAGE[countries], rng)
    u = rng.random(len(out))
    en = u < 0.3
    out[en] = np.array(TITLES_EN, dtype=object)[rng.integers(0, len(TITLES_EN), int(en.sum()))]
    ml = u > 0.996
    out[ml] = np.array(TITLES_MULTILINE, dtype=object)[
        rng.integers(0, len(TITLES_MULTILINE), int(ml.sum()))
    ]
    return out


def industries(n: int, rng: np.random.Generator) -> np.ndarray:
    """Industry labels."""
    w = np.array([0.18, 0.12, 0.1, 0.1, 0.1, 0.14, 0.05, 0.05, 0.04, 0.05, 0.03, 0.04])
    return np.array(INDUSTRIES, dtype=object)[rng.choice(len(INDUSTRIES), size=n, p=w / w.sum())]


def degrade(
    email: np.ndarray,
    phone: np.ndarray,
    company: np.ndarray | None,
    rng: np.random.Generator,
    rate: float = 1.0,
) -> None:
    """Put CRM data-health issues into contact data in place.

    A few % miss e-mail, phone or company; some e-mails lack the @, some phones hold
    letters, and some e-mails duplicate another record's.
    """
    n = len(email)
    if n == 0:
        return
    u = rng.random((5, n))
    miss_email = u[0] < 0.03 * rate
    bad_email = (u[0] >= 0.03 * rate) & (u[0] < 0.05 * rate)
    dup_email = (u[0] >= 0.05 * rate) & (u[0] < 0.07 * rate)
    src = rng.integers(0, n, n)
    email[dup_email] = email[src[dup_email]]
    email[bad_email] = np.array(
        [str(e).replace("@", "." if i % 2 else " at ") for i, e in enumerate(email[bad_email])],
        dtype=object,
    )
    email[miss_email] = None
    miss_phone = u[1] < 0.04 * rate
    letter_phone = (u[1] >= 0.04 * rate) & (u[1] < 0.055 * rate)
    phone[letter_phone] = np.array(
        [
            (str(p)[:-3] + "x" + str(p)[-2:]) if i % 3 else "ring efter kl. 14"
            for i, p in enumerate(phone[letter_phone])
        ],
        dtype=object,
    )
    phone[miss_phone] = None
    if company is not None:
        company[u[2] < 0.025 * rate] = None
