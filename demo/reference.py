"""Reference data of the demo: projects, places, names, occupations, texts.

Everything here is invented but shaped like the real programme: 14 projects
covering Saxony's 13 districts, real postcodes of each district, names in the
Latin spelling that German documents use.
"""

# Region keys (official district keys, seeded by cases/migrations/0003).
CHEMNITZ = "14511"
ERZGEBIRGE = "14521"
MITTELSACHSEN = "14522"
VOGTLAND = "14523"
ZWICKAU = "14524"
DRESDEN = "14612"
BAUTZEN = "14625"
GOERLITZ = "14626"
MEISSEN = "14627"
SAECHSISCHE_SCHWEIZ = "14628"
LEIPZIG = "14713"
LANDKREIS_LEIPZIG = "14729"
NORDSACHSEN = "14730"

# (name, carrier, region keys, number of mentors incl. the lead)
PROJECTS: list[tuple[str, str, tuple[str, ...], int]] = [
    (
        "Arbeitsmarktmentoren Leipzig",
        "Integrationswerk Leipzig e. V.",
        (LEIPZIG,),
        8,
    ),
    ("Wege in Arbeit Leipzig", "Bildungsverbund Westsachsen gGmbH", (LEIPZIG,), 6),
    (
        "Arbeitsmarktmentoren Dresden",
        "Interkulturelles Netzwerk Dresden e. V.",
        (DRESDEN,),
        8,
    ),
    (
        "Mentoring Arbeit Dresden",
        "Sächsisches Bildungswerk Elbtal gGmbH",
        (DRESDEN,),
        6,
    ),
    (
        "Arbeitsmarktmentoren Chemnitz",
        "Netzwerk Arbeit und Integration Chemnitz e. V.",
        (CHEMNITZ,),
        6,
    ),
    (
        "Arbeitsmarktmentoren Landkreis Leipzig",
        "Bildungswerk Muldental e. V.",
        (LANDKREIS_LEIPZIG,),
        5,
    ),
    (
        "Arbeitsmarktmentoren Nordsachsen",
        "Regionale Arbeitsinitiative Nordsachsen e. V.",
        (NORDSACHSEN,),
        4,
    ),
    ("Integration in Arbeit Meißen", "Elbland Bildung gGmbH", (MEISSEN,), 4),
    (
        "Arbeitsmarktmentoren Sächsische Schweiz-Osterzgebirge",
        "Verein für Bildung und Teilhabe Pirna e. V.",
        (SAECHSISCHE_SCHWEIZ,),
        4,
    ),
    (
        "Arbeitsmarktmentoren Bautzen",
        "Lausitzer Integrationsdienst e. V.",
        (BAUTZEN,),
        4,
    ),
    ("Mentoring Arbeit Görlitz", "Neiße Bildungswerk gGmbH", (GOERLITZ,), 4),
    (
        "Arbeitsmarktmentoren Mittelsachsen",
        "Arbeit und Leben Mittelsachsen e. V.",
        (MITTELSACHSEN,),
        4,
    ),
    (
        "Arbeitsmarktmentoren Erzgebirge",
        "Erzgebirgische Beschäftigungshilfe e. V.",
        (ERZGEBIRGE,),
        4,
    ),
    (
        "Arbeitsmarktmentoren Südwestsachsen",
        "Bildungsträger Zwickau-Vogtland gGmbH",
        (ZWICKAU, VOGTLAND),
        5,
    ),
]

# Real postcodes and towns of each district.
PLACES: dict[str, list[tuple[str, str]]] = {
    CHEMNITZ: [
        (code, "Chemnitz")
        for code in (
            "09111 09112 09113 09114 09116 09117 09119 09120 09122 09123 09125 "
            "09126 09127 09128 09130 09131"
        ).split()
    ],
    ERZGEBIRGE: [
        ("09456", "Annaberg-Buchholz"),
        ("08280", "Aue-Bad Schlema"),
        ("09366", "Stollberg/Erzgeb."),
        ("09496", "Marienberg"),
        ("08340", "Schwarzenberg/Erzgeb."),
        ("09405", "Zschopau"),
        ("09376", "Oelsnitz/Erzgeb."),
    ],
    MITTELSACHSEN: [
        ("09599", "Freiberg"),
        ("09648", "Mittweida"),
        ("04720", "Döbeln"),
        ("09306", "Rochlitz"),
        ("09557", "Flöha"),
        ("09669", "Frankenberg/Sa."),
        ("09217", "Burgstädt"),
    ],
    VOGTLAND: [
        ("08523", "Plauen"),
        ("08525", "Plauen"),
        ("08527", "Plauen"),
        ("08209", "Auerbach/Vogtl."),
        ("08223", "Falkenstein/Vogtl."),
        ("08606", "Oelsnitz/Vogtl."),
        ("08485", "Lengenfeld"),
    ],
    ZWICKAU: [
        ("08056", "Zwickau"),
        ("08058", "Zwickau"),
        ("08060", "Zwickau"),
        ("08371", "Glauchau"),
        ("08393", "Meerane"),
        ("08412", "Werdau"),
        ("08451", "Crimmitschau"),
        ("09337", "Hohenstein-Ernstthal"),
        ("09212", "Limbach-Oberfrohna"),
    ],
    DRESDEN: [
        (code, "Dresden")
        for code in (
            "01067 01069 01097 01099 01108 01109 01127 01129 01139 01157 01159 "
            "01169 01187 01189 01217 01219 01237 01239 01257 01259 01277 01279 "
            "01307 01309 01324 01326"
        ).split()
    ],
    BAUTZEN: [
        ("02625", "Bautzen"),
        ("02977", "Hoyerswerda"),
        ("01917", "Kamenz"),
        ("01877", "Bischofswerda"),
        ("01454", "Radeberg"),
        ("01896", "Pulsnitz"),
    ],
    GOERLITZ: [
        ("02826", "Görlitz"),
        ("02827", "Görlitz"),
        ("02828", "Görlitz"),
        ("02763", "Zittau"),
        ("02906", "Niesky"),
        ("02943", "Weißwasser/O.L."),
        ("02708", "Löbau"),
    ],
    MEISSEN: [
        ("01662", "Meißen"),
        ("01558", "Großenhain"),
        ("01445", "Radebeul"),
        ("01587", "Riesa"),
        ("01640", "Coswig"),
        ("01689", "Weinböhla"),
    ],
    SAECHSISCHE_SCHWEIZ: [
        ("01796", "Pirna"),
        ("01705", "Freital"),
        ("01744", "Dippoldiswalde"),
        ("01809", "Heidenau"),
        ("01855", "Sebnitz"),
        ("01723", "Wilsdruff"),
    ],
    LEIPZIG: [
        (code, "Leipzig")
        for code in (
            "04103 04105 04107 04109 04129 04155 04157 04159 04177 04178 04179 "
            "04205 04207 04209 04229 04249 04275 04277 04279 04299 04315 04317 "
            "04318 04319 04328 04329 04347 04349 04356 04357"
        ).split()
    ],
    LANDKREIS_LEIPZIG: [
        ("04552", "Borna"),
        ("04808", "Wurzen"),
        ("04668", "Grimma"),
        ("04416", "Markkleeberg"),
        ("04442", "Zwenkau"),
        ("04651", "Bad Lausick"),
        ("04683", "Naunhof"),
        ("04420", "Markranstädt"),
    ],
    NORDSACHSEN: [
        ("04509", "Delitzsch"),
        ("04860", "Torgau"),
        ("04758", "Oschatz"),
        ("04838", "Eilenburg"),
        ("04849", "Bad Düben"),
        ("04425", "Taucha"),
        ("04435", "Schkeuditz"),
    ],
}

# ---------------------------------------------------------------------------
# Names (Latin spelling as in German documents). Faker covers German, Turkish,
# Polish, Romanian and (transliterated) Ukrainian and Russian names.

ARABIC = {
    "male": (
        "Mohammad Ahmad Mahmoud Khaled Omar Ali Hussein Yousef Ibrahim Mustafa "
        "Abdullah Hassan Karim Samer Bashar Rami Tarek Walid Amer Fadi Jamal Anas "
        "Majd Firas Ayman Hamza Bilal Zaid Qusai Azad Shivan Baran"
    ).split(),
    "female": (
        "Fatima Aisha Mariam Rania Lina Reem Hiba Noor Amira Layla Yasmin Salma "
        "Dima Ghada Huda Rasha Sara Zainab Nadia Hanan Asmaa Bushra Walaa Samar "
        "Berivan Rojin Dilan"
    ).split(),
    "last": (
        "Al-Ahmad Al-Hassan Haddad Khalil Ibrahim Mansour Saleh Hamdan Al-Khatib "
        "Youssef Nasser Darwish Al-Hamoud Sabbagh Qassem Othman Kurdi Al-Ali Hamid "
        "Jaber Aziz Suleiman Abboud Barakat Shaker Hussein Mustafa Al-Masri Zeidan "
        "Habib Hasso Sheikho Issa Mohammed Al-Jabouri Rashid"
    ).split(),
}
PERSIAN = {
    "male": (
        "Ahmad Mohammad Ali Reza Hamid Mehdi Javad Farid Jawad Sayed Mustafa "
        "Hossein Amir Navid Omid Rahim Karim Nasir Zabihullah Mirwais Habib "
        "Shafiq Masoud Sohrab Parviz Ehsan Milad"
    ).split(),
    "female": (
        "Fatemeh Maryam Zahra Shirin Parisa Leila Nasrin Mahsa Roya Farzaneh "
        "Sahar Nilufar Zarghona Marzia Sakina Fereshteh Sima Soraya Tahmina Mina"
    ).split(),
    "last": (
        "Ahmadi Hosseini Mohammadi Rahimi Karimi Rezaei Sadeghi Hashemi Nazari "
        "Jafari Haidari Sultani Amiri Azizi Popal Safi Noori Rahmani Stanekzai "
        "Wardak Yusufzai Ghafoori Sharifi Mousavi Hakimi Naderi Sediqi"
    ).split(),
}
TIGRINYA = {
    "male": (
        "Yonas Dawit Tesfay Filmon Samuel Biniam Mehari Kibrom Yohannes Habtom "
        "Tekle Goitom Amanuel Robel Semere Ermias Mussie Aron Henok"
    ).split(),
    "female": (
        "Selam Helen Saba Senait Hiwet Feven Luwam Rahwa Winta Yordanos Mebrat "
        "Tsega Aster Ruta Eden Meron"
    ).split(),
    "last": (
        "Tesfamariam Ghebremedhin Haile Berhane Kidane Tekle Gebrehiwet Woldu "
        "Mehari Andemariam Habte Yemane Zerai Asmerom Kahsay Negash Ghirmay "
        "Tewolde Abraha Weldemichael"
    ).split(),
}
SOMALI = {
    "male": (
        "Abdirahman Mohamed Abdullahi Ahmed Hassan Abdikarim Yusuf Omar Ismail "
        "Farah Mahad Liban Guled Abdiaziz"
    ).split(),
    "female": (
        "Hodan Ayaan Fadumo Sahra Hibo Amina Ifrah Nimco Ubah Khadra Idil Faisa"
    ).split(),
    "last": (
        "Ahmed Mohamed Hassan Abdi Ali Farah Warsame Osman Jama Hirsi Nur Aden "
        "Yusuf Abdullahi Ismail"
    ).split(),
}
WEST_AFRICAN = {
    "male": "Ibrahima Mamadou Abdoulaye Chinedu Emeka Kwame Samuel Moussa".split(),
    "female": "Aminata Fatoumata Blessing Grace Mariama Chioma Adjoa".split(),
    "last": "Diallo Bah Barry Okafor Nwosu Mensah Traoré Camara Adeyemi Sow".split(),
}

# Country -> name list or Faker locale.
NAME_SOURCE: dict[str, dict | str] = {
    "SY": ARABIC,
    "IQ": ARABIC,
    "LY": ARABIC,
    "EG": ARABIC,
    "AF": PERSIAN,
    "IR": PERSIAN,
    "ER": TIGRINYA,
    "SO": SOMALI,
    "NG": WEST_AFRICAN,
    "GN": WEST_AFRICAN,
    "CM": WEST_AFRICAN,
    "UA": "uk_UA",
    "RU": "ru_RU",
    "KZ": "ru_RU",
    "TR": "tr_TR",
    "PL": "pl_PL",
    "RO": "ro_RO",
    "VE": "es_ES",
    "DE": "de_DE",
}

NAME_SOURCE_LOCALES = sorted({v for v in NAME_SOURCE.values() if isinstance(v, str)})

CYRILLIC_TO_LATIN = {
    "А": "A", "Б": "B", "В": "V", "Г": "H", "Ґ": "G", "Д": "D", "Е": "E",
    "Є": "Ye", "Ж": "Zh", "З": "Z", "И": "Y", "І": "I", "Ї": "Yi", "Й": "Y",
    "К": "K", "Л": "L", "М": "M", "Н": "N", "О": "O", "П": "P", "Р": "R",
    "С": "S", "Т": "T", "У": "U", "Ф": "F", "Х": "Kh", "Ц": "Ts", "Ч": "Ch",
    "Ш": "Sh", "Щ": "Shch", "Ь": "", "Ю": "Yu", "Я": "Ya", "Ы": "Y", "Э": "E",
    "Ё": "Yo", "Ъ": "", "'": "", "’": "", "ʼ": "",
}  # fmt: skip

# ---------------------------------------------------------------------------
# Countries of origin: weights by arrival cohort and gender. Ukraine only from
# March 2022; "DE" stands for German citizens with a migration background.

COUNTRIES_BEFORE_2022 = {
    "male": {
        "SY": 38, "AF": 20, "IQ": 9, "ER": 7, "IR": 7, "SO": 3, "TR": 3, "RU": 2,
        "LY": 1, "EG": 1, "NG": 1, "GN": 1, "CM": 1, "PL": 1, "RO": 1, "DE": 2,
        "VE": 1,
    },
    "female": {
        "SY": 40, "AF": 14, "IQ": 9, "ER": 8, "IR": 9, "SO": 3, "TR": 2, "RU": 4,
        "KZ": 1, "NG": 1, "CM": 1, "PL": 2, "RO": 1, "DE": 3, "VE": 1,
    },
}  # fmt: skip
COUNTRIES_FROM_2022 = {
    "male": {
        "SY": 30, "AF": 20, "UA": 10, "TR": 9, "IQ": 6, "IR": 6, "ER": 5, "SO": 2,
        "RU": 3, "GN": 1, "NG": 1, "CM": 1, "PL": 1, "RO": 1, "DE": 2, "VE": 2,
    },
    "female": {
        "UA": 40, "SY": 22, "AF": 10, "IR": 6, "TR": 4, "IQ": 4, "ER": 4, "RU": 3,
        "SO": 1, "KZ": 1, "PL": 1, "RO": 1, "DE": 2, "VE": 1,
    },
}  # fmt: skip

# Typical years of arrival per country (weights); clipped to the admission year.
ARRIVAL_YEARS: dict[str, dict[int, int]] = {
    "SY": {2013: 3, 2014: 10, 2015: 30, 2016: 20, 2017: 8, 2018: 5, 2019: 4,
           2020: 3, 2021: 3, 2022: 5, 2023: 6, 2024: 3},
    "AF": {2015: 20, 2016: 15, 2017: 5, 2018: 4, 2019: 5, 2020: 3, 2021: 8,
           2022: 12, 2023: 12, 2024: 6},
    "UA": {2022: 60, 2023: 25, 2024: 12, 2025: 3},
    "DEFAULT": {2012: 2, 2013: 3, 2014: 8, 2015: 20, 2016: 15, 2017: 8, 2018: 6,
                2019: 6, 2020: 4, 2021: 5, 2022: 8, 2023: 8, 2024: 5, 2025: 2},
}  # fmt: skip

# ---------------------------------------------------------------------------
# Occupations. (foreign qualification, German occupation, WZ section)

QUALIFIED = [
    ("Bauingenieur", "Bauingenieur/in", "F"),
    ("Elektriker", "Elektroniker/in für Energie- und Gebäudetechnik", "F"),
    ("Krankenpfleger/in", "Pflegefachkraft", "Q"),
    ("Lehrer/in", "Pädagogische Fachkraft", "P"),
    ("Informatiker/in", "Fachinformatiker/in", "J"),
    ("Koch", "Koch/Köchin", "I"),
    ("Kfz-Mechaniker", "Kfz-Mechatroniker/in", "G"),
    ("Schneider/in", "Änderungsschneider/in", "C"),
    ("Apotheker/in", "Pharmazeutisch-technische/r Assistent/in", "Q"),
    ("Arzt/Ärztin", "Assistenzarzt/-ärztin", "Q"),
    ("Buchhalter/in", "Buchhalter/in", "M"),
    ("Friseur/in", "Friseur/in", "S"),
    ("Tischler", "Tischler/in", "C"),
    ("Fliesenleger", "Fliesenleger/in", "F"),
    ("Schweißer", "Schweißer/in", "C"),
    ("Bäcker", "Bäcker/in", "C"),
    ("Berufskraftfahrer", "Berufskraftfahrer/in", "H"),
    ("Maschinenbauingenieur/in", "Maschinenbauingenieur/in", "M"),
    ("Erzieher/in", "Erzieher/in", "Q"),
    ("Bauzeichner/in", "Bauzeichner/in", "M"),
]
HELPER_JOBS = [
    ("Lagerhelfer/in", "H"),
    ("Produktionshelfer/in", "C"),
    ("Küchenhilfe", "I"),
    ("Reinigungskraft", "N"),
    ("Pflegehelfer/in", "Q"),
    ("Bauhelfer/in", "F"),
    ("Verkäufer/in", "G"),
    ("Servicekraft", "I"),
    ("Kommissionierer/in", "H"),
    ("Zusteller/in", "H"),
    ("Montagehelfer/in", "C"),
    ("Helfer/in Garten- und Landschaftsbau", "A"),
]
TRAINING_OCCUPATIONS = [
    ("Pflegefachfrau/-mann", "Q"),
    ("Elektroniker/in", "F"),
    ("Anlagenmechaniker/in SHK", "F"),
    ("Koch/Köchin", "I"),
    ("Kaufmann/-frau im Einzelhandel", "G"),
    ("Fachkraft für Lagerlogistik", "H"),
    ("Mechatroniker/in", "C"),
    ("Friseur/in", "S"),
    ("Zahnmedizinische/r Fachangestellte/r", "Q"),
    ("Berufskraftfahrer/in", "H"),
    ("Hotelfachmann/-frau", "I"),
    ("Maler/in und Lackierer/in", "F"),
    ("Fachinformatiker/in", "J"),
    ("Kfz-Mechatroniker/in", "G"),
    ("Tischler/in", "C"),
    ("Medizinische/r Fachangestellte/r", "Q"),
    ("Industriemechaniker/in", "C"),
    ("Verkäufer/in", "G"),
]
QUALIFICATIONS = [
    ("Anpassungsqualifizierung Pflege", "P"),
    ("Umschulung Fachkraft für Lagerlogistik", "P"),
    ("Führerschein C/CE mit Berufskraftfahrer-Qualifikation", "P"),
    ("Schweißerlehrgang", "P"),
    ("Anpassungsmaßnahme Elektrotechnik", "P"),
    ("Vorbereitung Kenntnisprüfung Medizin", "P"),
    ("Gabelstaplerschein und Lagerlogistik", "P"),
    ("Teilqualifizierung Verkauf", "P"),
]
SELF_EMPLOYMENTS = [
    "Änderungsschneiderei",
    "Friseursalon",
    "Imbiss",
    "Kurierdienst",
    "Übersetzungsbüro",
    "Lebensmittelgeschäft",
]

# ---------------------------------------------------------------------------
# Employers

SECTOR_WEIGHTS = {
    "C": 15, "F": 10, "G": 12, "H": 12, "I": 12, "N": 11, "Q": 12, "M": 4,
    "J": 2, "P": 4, "S": 3, "A": 2, "E": 1, "K": 1, "R": 1,
}  # fmt: skip
# {name} is a German surname, {place} a town of the district; the second item
# is the usual size of such a business (SIZES).
EMPLOYER_NAMES = {
    "A": [
        ("Agrargenossenschaft {place} eG", "medium"),
        ("Gärtnerei {name}", "small"),
        ("Obstbau {name} GbR", "small"),
    ],
    "C": [
        ("Metallbau {name} GmbH", "medium"),
        ("{name} Präzisionstechnik GmbH", "medium"),
        ("Bäckerei {name}", "small"),
        ("{name} Kunststofftechnik GmbH", "large"),
        ("Maschinenbau {place} GmbH", "large"),
        ("{name} Möbelwerkstätten GmbH", "medium"),
    ],
    "E": [
        ("Entsorgung {name} GmbH", "medium"),
        ("Recyclinghof {place} GmbH", "medium"),
    ],
    "F": [
        ("Bauunternehmen {name} GmbH", "medium"),
        ("{name} Haustechnik GmbH & Co. KG", "medium"),
        ("Elektro {name} GmbH", "small"),
        ("Malerbetrieb {name}", "small"),
        ("Dachdeckerei {name}", "small"),
    ],
    "G": [
        ("Autohaus {name} GmbH", "medium"),
        ("{name} Handelsgesellschaft mbH", "medium"),
        ("Frischemarkt {name} e. K.", "small"),
        ("Baumarkt {place} GmbH", "large"),
    ],
    "H": [
        ("{name} Logistik GmbH", "large"),
        ("Spedition {name} GmbH & Co. KG", "medium"),
        ("Kurierdienst {name}", "small"),
        ("Lagerlogistik {place} GmbH", "large"),
    ],
    "I": [
        ("Hotel Zur Post {place}", "medium"),
        ("Gasthof {name}", "small"),
        ("Restaurant {name}", "small"),
        ("{name} Catering GmbH", "medium"),
        ("Landhotel {name}", "small"),
    ],
    "J": [
        ("{name} IT-Solutions GmbH", "medium"),
        ("Softwarehaus {name} GmbH", "medium"),
    ],
    "K": [("Versicherungsbüro {name}", "small")],
    "M": [
        ("Ingenieurbüro {name}", "small"),
        ("Steuerberatung {name}", "small"),
        ("Planungsbüro {name} GmbH", "medium"),
    ],
    "N": [
        ("{name} Gebäudereinigung GmbH", "large"),
        ("Personalservice {name} GmbH", "medium"),
        ("Sicherheitsdienst {name} GmbH", "medium"),
    ],
    "P": [
        ("Bildungszentrum {name} gGmbH", "medium"),
        ("Sprachschule {name}", "small"),
        ("Fahrschule {name}", "small"),
    ],
    "Q": [
        ("Pflegedienst {name} GmbH", "medium"),
        ("Seniorenzentrum {place} gGmbH", "medium"),
        ("Zahnarztpraxis Dr. {name}", "small"),
        ("Kita Sonnenschein {place}", "small"),
        ("Klinikum {place} gGmbH", "large"),
    ],
    "R": [("Freizeitbad {place} GmbH", "medium"), ("Fitnessstudio {name}", "small")],
    "S": [("Friseursalon {name}", "small"), ("Textilreinigung {name}", "small")],
}
SIZES = {
    "small": {"1-9": 55, "10-49": 40, "50-249": 5},
    "medium": {"1-9": 10, "10-49": 50, "50-249": 32, "250+": 8},
    "large": {"10-49": 10, "50-249": 45, "250+": 45},
}
CONTACT_POSITIONS = [
    "Geschäftsführung",
    "Personalleitung",
    "Ausbildungsleitung",
    "Filialleitung",
    "Personalreferent/in",
    "Inhaber/in",
]

# ---------------------------------------------------------------------------
# Texts of meetings, steps and consultations

MEETING_NOTES = {
    "job_search": [
        "Stellenangebote in der Region gesichtet, passende Angebote ausgewählt.",
        "Über realistische Einstiegsmöglichkeiten gesprochen, auch Helfertätigkeiten.",
        "Jobbörse der Arbeitsagentur gemeinsam durchsucht.",
    ],
    "application_documents": [
        "Lebenslauf überarbeitet und Anschreiben vorbereitet.",
        "Zeugnisse übersetzt vorliegend, Bewerbungsmappe vervollständigt.",
        "Bewerbungsfoto und Online-Bewerbung besprochen.",
    ],
    "recognition": [
        "Unterlagen für die Anerkennung zusammengestellt, Beratungsstelle kontaktiert.",
        "Bescheid zur Gleichwertigkeit besprochen, Anpassungsmaßnahme geprüft.",
    ],
    "language_course": [
        "Anmeldung zum Berufssprachkurs besprochen.",
        "Fortschritte im Sprachkurs, Prüfungstermin steht fest.",
    ],
    "residence_law": [
        "Beschäftigungserlaubnis bei der Ausländerbehörde beantragt.",
        "Verlängerung des Aufenthaltstitels und Folgen für die Arbeit besprochen.",
    ],
    "workplace": [
        "Erste Wochen im Betrieb ausgewertet, Schichtplan geklärt.",
        "Gespräch mit Vorgesetzter zur Einarbeitung, alles im grünen Bereich.",
        "Konflikt im Team angesprochen, Lösung vereinbart.",
    ],
    "training_support": [
        "Berufsschule: Nachhilfe in Fachkunde organisiert.",
        "Zwischenprüfung vorbereitet, ausbildungsbegleitende Hilfen beantragt.",
    ],
    "other": [
        "Wohnungssuche und Kinderbetreuung besprochen.",
        "Führerschein und Fahrtkosten zur Arbeitsstelle geklärt.",
    ],
}
NEXT_STEPS = [
    "Bewerbung abschicken",
    "Lebenslauf überarbeiten",
    "Termin beim Jobcenter wahrnehmen",
    "Unterlagen für Anerkennung einreichen",
    "Anmeldung zum Sprachkurs klären",
    "Vorstellungsgespräch vorbereiten",
    "Rückmeldung des Arbeitgebers einholen",
    "Beschäftigungserlaubnis beantragen",
    "Probearbeit vereinbaren",
    "Gespräch mit Ausbildungsbetrieb führen",
]
STEP_DESCRIPTIONS = {
    "language_course": ["Berufssprachkurs B1", "Sprachkurs B2 an der VHS"],
    "recognition": ["Anerkennungsverfahren beginnen", "Zeugnisse übersetzen lassen"],
    "application": ["Fünf Bewerbungen schreiben", "Bewerbungen in der Logistik"],
    "documents": ["Lebenslauf erstellen", "Bewerbungsmappe vervollständigen"],
    "work_permit": ["Beschäftigungserlaubnis beantragen"],
    "internship": ["Praktikum im Wunschberuf suchen"],
    "training_search": ["Ausbildungsplatz für August suchen"],
    "other": ["Führerschein Klasse B", "Kinderbetreuung klären"],
}
CONSULTATION_NOTES = {
    "recruitment": "Offene Stellen und Bewerberprofile besprochen.",
    "work_permit": "Ablauf der Beschäftigungserlaubnis und Vorabzustimmung erklärt.",
    "funding": "Eingliederungszuschuss und Förderprogramme erläutert.",
    "training": "Ausbildung von Geflüchteten und Assistierte Ausbildung besprochen.",
    "recognition": "Anerkennung ausländischer Abschlüsse erläutert.",
    "onboarding": "Einarbeitung und interkulturelle Fragen besprochen.",
    "conflict": "Vermittelt bei Missverständnissen im Team.",
    "other": "Allgemeine Fragen zur Beschäftigung geklärt.",
}
MENTEE_NOTES = [
    "Kinderbetreuung nur vormittags möglich.",
    "Führerschein Klasse B vorhanden.",
    "Möchte im Pflegebereich arbeiten.",
    "Sucht Arbeit in Wohnortnähe, kein Auto.",
    "Interesse an einer Ausbildung im Handwerk.",
    "",
    "",
    "",
]
