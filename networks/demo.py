"""The registry part of the demo: the eleven networks of the 2016 review with their kinds of partners.

Institutions are the real kinds of partners each region has; schools and people are invented.
Loading again changes nothing: every row is looked up by its natural key first.
"""

import random
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model

from networks import services
from networks.enums import ContactRole, InstitutionKind, Weekday
from networks.models import Contact, Institution, Network, PartnerSchool, School

U, HBO, ILO, COMPANY = (
    InstitutionKind.UNIVERSITY,
    InstitutionKind.APPLIED_SCIENCES,
    InstitutionKind.TEACHER_TRAINING,
    InstitutionKind.COMPANY,
)


@dataclass(frozen=True)
class DemoNetwork:
    name: str
    slug: str
    region: str
    founded: int
    lat: str
    lon: str
    towns: tuple[str, ...]
    institutions: tuple[tuple[str, str], ...]


NETWORKS = (
    DemoNetwork(
        "Amsterdam",
        "amsterdam",
        "Noord-Holland (Amsterdam)",
        2005,
        "52.37022",
        "4.89517",
        ("Amsterdam", "Amstelveen", "Zaandam", "Haarlem"),
        (
            ("Universiteit van Amsterdam", U),
            ("Vrije Universiteit Amsterdam", U),
            ("Hogeschool van Amsterdam", HBO),
            ("Interfacultaire Lerarenopleidingen UvA", ILO),
        ),
    ),
    DemoNetwork(
        "Leiden",
        "leiden",
        "Leiden en omgeving",
        2006,
        "52.16014",
        "4.49701",
        ("Leiden", "Katwijk", "Alphen aan den Rijn", "Leiderdorp"),
        (("Universiteit Leiden", U), ("Hogeschool Leiden", HBO), ("ICLON Leiden", ILO)),
    ),
    DemoNetwork(
        "Zuid-Holland",
        "zuid-holland",
        "Zuid-Holland (Delft, Rotterdam, Den Haag)",
        2006,
        "52.01158",
        "4.35706",
        ("Delft", "Rotterdam", "Den Haag", "Zoetermeer", "Dordrecht"),
        (
            ("Technische Universiteit Delft", U),
            ("Erasmus Universiteit Rotterdam", U),
            ("Hogeschool Rotterdam", HBO),
            ("De Haagse Hogeschool", HBO),
            ("Haven Techniek Zuid BV", COMPANY),
        ),
    ),
    DemoNetwork(
        "Utrecht",
        "utrecht",
        "Provincie Utrecht",
        2004,
        "52.09074",
        "5.12142",
        ("Utrecht", "Amersfoort", "Nieuwegein", "Zeist", "Veenendaal"),
        (("Universiteit Utrecht", U), ("Hogeschool Utrecht", HBO), ("Graduate School of Teaching Utrecht", ILO)),
    ),
    DemoNetwork(
        "Noord",
        "noord",
        "Groningen, Friesland en Drenthe",
        2004,
        "53.21917",
        "6.56667",
        ("Groningen", "Leeuwarden", "Assen", "Emmen", "Drachten"),
        (
            ("Rijksuniversiteit Groningen", U),
            ("Hanzehogeschool Groningen", HBO),
            ("NHL Stenden Hogeschool", HBO),
            ("Energie Noord Innovatie BV", COMPANY),
        ),
    ),
    DemoNetwork(
        "Nijmegen",
        "nijmegen",
        "Gelderland-Zuid",
        2007,
        "51.84250",
        "5.85278",
        ("Nijmegen", "Arnhem", "Tiel", "Wijchen"),
        (("Radboud Universiteit", U), ("Hogeschool van Arnhem en Nijmegen", HBO), ("Radboud Docenten Academie", ILO)),
    ),
    DemoNetwork(
        "Wageningen",
        "wageningen",
        "Gelderse Vallei en omgeving",
        2008,
        "51.96500",
        "5.66389",
        ("Wageningen", "Ede", "Bennekom", "Rhenen"),
        (("Wageningen University & Research", U), ("Voedselinnovatie Vallei BV", COMPANY)),
    ),
    DemoNetwork(
        "Oost",
        "oost",
        "Overijssel en Oost-Gelderland",
        2005,
        "52.22150",
        "6.89370",
        ("Enschede", "Hengelo", "Zwolle", "Deventer", "Almelo"),
        (
            ("Universiteit Twente", U),
            ("Saxion Hogeschool", HBO),
            ("Hogeschool Windesheim", HBO),
            ("ELAN Lerarenopleiding Twente", ILO),
        ),
    ),
    DemoNetwork(
        "Brabant",
        "brabant",
        "Noord-Brabant",
        2015,
        "51.44164",
        "5.46972",
        ("Eindhoven", "Tilburg", "Breda", "'s-Hertogenbosch", "Helmond"),
        (
            ("Technische Universiteit Eindhoven", U),
            ("Tilburg University", U),
            ("Fontys Hogescholen", HBO),
            ("Avans Hogeschool", HBO),
        ),
    ),
    DemoNetwork(
        "Limburg",
        "limburg",
        "Provincie Limburg",
        2013,
        "50.85136",
        "5.69097",
        ("Maastricht", "Heerlen", "Sittard", "Venlo", "Roermond"),
        (("Maastricht University", U), ("Zuyd Hogeschool", HBO), ("Chemelot Leerbedrijf BV", COMPANY)),
    ),
    DemoNetwork(
        "Zeeland",
        "zeeland",
        "Provincie Zeeland",
        2014,
        "51.49880",
        "3.61097",
        ("Middelburg", "Vlissingen", "Goes", "Terneuzen"),
        (
            ("HZ University of Applied Sciences", HBO),
            ("University College Roosevelt", U),
            ("Delta Procestechniek BV", COMPANY),
        ),
    ),
)

FIRST_NAMES = (
    "Anouk",
    "Bram",
    "Charlotte",
    "Daan",
    "Eva",
    "Fleur",
    "Hamza",
    "Iris",
    "Joost",
    "Kim",
    "Lotte",
    "Mohamed",
    "Noor",
    "Pieter",
    "Roos",
    "Sem",
    "Tessa",
    "Yara",
    "Wouter",
    "Zoë",
)
LAST_NAMES = (
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "El Amrani",
    "Yilmaz",
    "Dekker",
    "Brouwer",
)
SCHOOL_KINDS = ("Lyceum", "College", "Gymnasium", "Scholengemeenschap", "Montessori Lyceum")
TIERS = ("Open", "Connectie", "Ambitie")
WEEKDAYS = list(Weekday.values)

SECRETARY_EMAIL = "secretaris@peerreview.example"
CHAIR_EMAIL = "voorzitter@peerreview.example"
EXPERT_EMAIL = "expert@peerreview.example"


def _password_file():
    return settings.VAR_DIR / "demo-secretary-password"


def load_registry(*, scale: int = 1):
    """Load the people and networks. Returns the secretary and their password (None when unchanged)."""
    secretary, password = _secretary()
    _user(CHAIR_EMAIL, "Hanneke Voorzitter", is_chair=True)
    _user(EXPERT_EMAIL, "Erik Expert", is_expert=True)
    for copy in range(scale):
        for index, demo in enumerate(NETWORKS):
            _network(demo, copy=copy, seed=copy * 100 + index, actor=secretary)
    return secretary, password


def _user(email, name, **flags):
    User = get_user_model()
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name, **flags})
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _secretary():
    """The secretary, with a password made on first load and kept outside the repository."""
    user = _user(SECRETARY_EMAIL, "Sanne de Secretaris", is_staff=True)
    path = _password_file()
    password = path.read_text().strip() if path.exists() else None
    if not user.has_usable_password() or password is None:
        password = password or secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(password)
        path.chmod(0o600)
    return user, password


def _network(demo: DemoNetwork, *, copy: int, seed: int, actor):
    rng = random.Random(seed)  # noqa: S311 -- invented demo data, not security
    suffix = f" {copy + 1}" if copy else ""
    slug = f"{demo.slug}-{copy + 1}" if copy else demo.slug
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        network = services.network_save(
            actor=actor,
            network=Network(
                name=f"{demo.name}{suffix}",
                slug=slug,
                region=demo.region,
                founded_year=demo.founded,
                website=f"https://{slug}.demo.example/",
                latitude=Decimal(demo.lat),
                longitude=Decimal(demo.lon),
            ),
        )
    for name, kind in demo.institutions:
        institution = Institution.objects.filter(name=name).first()
        if institution is None:
            institution = services.institution_save(actor=actor, institution=Institution(name=name, kind=kind))
        institution.networks.add(network)
    _schools(network, demo, rng, actor, seed)
    _contacts(network, demo, rng, actor)


def _schools(network, demo, rng, actor, seed):
    for number in range(6):
        town = demo.towns[number % len(demo.towns)]
        # Invented BRIN codes, unique per network and copy: 2 digits + 2 letters.
        brin = f"{number + 10}{chr(65 + seed % 26)}{chr(65 + seed // 26 % 26)}"
        if PartnerSchool.objects.filter(network=network, school__brin_code=brin).exists():
            continue
        school = School(
            name=f"{rng.choice(SCHOOL_KINDS)} {town} {number + 1}",
            brin_code=brin,
            town=town,
            offers_havo=number != 0,
            offers_vwo=True,
        )
        services.partner_school_save(
            actor=actor,
            partner_school=PartnerSchool(
                network=network,
                tier=rng.choice(TIERS),
                yearly_contribution=Decimal(rng.choice((1500, 2500, 5000, 7500, 15000))),
            ),
            school=school,
        )


def _contacts(network, demo, rng, actor):
    people = [("coordinator", [ContactRole.COORDINATOR], f"Netwerk {network.name}")]
    people += [
        (f"ho{i}", [ContactRole.HO_REPRESENTATIVE], name)
        for i, (name, kind) in enumerate(demo.institutions)
        if kind != COMPANY
    ]
    people += [
        ("docent1", [ContactRole.VO_TEACHER, ContactRole.BETA_COORDINATOR], f"Lyceum {demo.towns[0]}"),
        ("docent2", [ContactRole.VO_TEACHER], f"College {demo.towns[1]}"),
        ("schoolleider", [ContactRole.SCHOOL_LEADER], f"Gymnasium {demo.towns[-1]}"),
        ("toa", [ContactRole.TOA], f"Lyceum {demo.towns[0]}"),
    ]
    for local, roles, organisation in people:
        email = f"{local}@{network.slug}.demo.example"
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        days = sorted(rng.sample(WEEKDAYS, rng.randint(3, 5)), key=WEEKDAYS.index)
        if Contact.objects.filter(network=network, email=email).exists():
            continue
        services.contact_save(
            actor=actor,
            contact=Contact(
                network=network,
                name=name,
                email=email,
                organisation=organisation,
                roles=[r.value for r in roles],
                working_days=days,
            ),
        )
