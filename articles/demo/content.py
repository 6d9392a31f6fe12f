"""The demo newsroom's written content, as plain data: sections, authors, photos and stories.

Everything is original prose about Port Alder, a made-up harbour city, so the demo
looks like a working newsroom without borrowing anyone's journalism. People,
companies and quotes are invented; links point at example.org addresses, which
are reserved for documentation and never belong to anyone.

Publication times are offsets from the moment the seed runs (see `DemoStory`), so
the front page always looks current. Photo pictures are drawn by
`articles.demo.photos` from each photo's file name.
"""

from dataclasses import dataclass
from datetime import timedelta

NEWSROOM = "The Newsroom Gazette"


@dataclass(frozen=True)
class DemoPhoto:
    file_name: str  # Also seeds the drawn picture, so each photo's name must be unique.
    caption: str
    alt_text: str
    credit: str
    photographer: str = ""
    source: str = ""
    copyright_notice: str = ""
    is_portrait: bool = False


@dataclass(frozen=True)
class DemoSection:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class DemoAuthor:
    slug: str
    name: str
    job_title: str
    bio: str
    portrait: DemoPhoto


@dataclass(frozen=True)
class TextBlock:
    html: str


@dataclass(frozen=True)
class QuoteBlock:
    quote: str
    attribution: str


@dataclass(frozen=True)
class PhotoBlock:
    photo: DemoPhoto
    caption: str = ""  # Empty: the library caption is printed.


Block = TextBlock | QuoteBlock | PhotoBlock


@dataclass(frozen=True)
class DemoStory:
    """One story. Leave both times empty for a draft; `scheduled_in` makes it a scheduled story."""

    slug: str
    section: str
    headline: str
    deck: str
    lead_photo: DemoPhoto
    body: tuple[Block, ...]
    tags: tuple[str, ...]
    bylines: tuple[str, ...] = ()  # Author slugs, in the order they are printed.
    desk_byline: str = ""
    contributors: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # Story slugs, in the order they are listed.
    kicker: str = ""
    seo_description: str = ""
    published_ago: timedelta | None = None
    scheduled_in: timedelta | None = None
    embargo_note: str = ""  # Admin-only; shown in the "Scheduled" banner.
    notes: tuple[tuple[str, str], ...] = ()  # (kind, text): "correction" or "update" notes.


def paragraphs(*texts: str) -> TextBlock:
    """A text block of one `<p>` per argument; the texts may hold inline HTML."""
    return TextBlock("".join(f"<p>{text}</p>" for text in texts))


# The four credit styles the newsroom prints, each with matching rights metadata.


def staff_photo(file_name: str, photographer: str, *, caption: str, alt_text: str) -> DemoPhoto:
    return DemoPhoto(
        file_name,
        caption,
        alt_text,
        credit=f"{photographer}/{NEWSROOM}",
        photographer=photographer,
        source=NEWSROOM,
        copyright_notice=f"© {NEWSROOM}",
    )


def agency_photo(file_name: str, photographer: str, agency: str, *, caption: str, alt_text: str) -> DemoPhoto:
    return DemoPhoto(
        file_name,
        caption,
        alt_text,
        credit=f"{photographer}/{agency}",
        photographer=photographer,
        source=agency,
        copyright_notice=f"© {agency}",
    )


def ap_photo(file_name: str, photographer: str, *, caption: str, alt_text: str) -> DemoPhoto:
    return DemoPhoto(
        file_name,
        caption,
        alt_text,
        credit=f"AP Photo/{photographer}",
        photographer=photographer,
        source="AP",
        copyright_notice="© The Associated Press",
    )


def courtesy_photo(file_name: str, source: str, *, caption: str, alt_text: str) -> DemoPhoto:
    return DemoPhoto(
        file_name,
        caption,
        alt_text,
        credit="Courtesy",
        source=source,
        copyright_notice=f"© {source}, used with permission",
    )


def portrait(name: str, job_title: str, *, photographer: str = "Tomas Berg") -> DemoPhoto:
    slug = name.lower().replace(" ", "-")
    return DemoPhoto(
        f"portrait-{slug}.jpg",
        caption=f"{name}, {job_title.lower()}.",
        alt_text=f"Head-and-shoulders portrait of {name} against a plain studio backdrop.",
        credit=f"{photographer}/{NEWSROOM}",
        photographer=photographer,
        source=NEWSROOM,
        copyright_notice=f"© {NEWSROOM}",
        is_portrait=True,
    )


SECTIONS = (
    DemoSection("news", "News", "What is happening in Port Alder and the towns along the river."),
    DemoSection(
        "politics", "Politics", "City hall, the regional assembly and the people who run for office."
    ),
    DemoSection("business", "Business", "Companies, jobs and money in the harbour economy."),
    DemoSection("culture", "Culture", "Books, music, film, theatre and the city's museums."),
    DemoSection(
        "sport", "Sport", "Results, interviews and analysis from the pitch, the court and the river."
    ),
    DemoSection(
        "opinion", "Opinion", "Columns and the Gazette's own view. The writers' opinions are their own."
    ),
)


def _author(slug: str, name: str, job_title: str, bio: str, photographer: str = "Tomas Berg") -> DemoAuthor:
    return DemoAuthor(slug, name, job_title, bio, portrait(name, job_title, photographer=photographer))


AUTHORS = (
    _author(
        "maya-okafor",
        "Maya Okafor",
        "City hall reporter",
        "Maya Okafor covers the city council, the mayor's office and the budgets that decide what "
        "Port Alder can afford. Before joining the Gazette she spent six years reporting on local "
        "government in the river towns upstream.",
    ),
    _author(
        "daniel-reyes",
        "Daniel Reyes",
        "Political correspondent",
        "Daniel Reyes follows the regional assembly and the campaigns that shape it. He has reported "
        "on four elections and still reads every line of the budget bill.",
    ),
    _author(
        "priya-natarajan",
        "Priya Natarajan",
        "Business editor",
        "Priya Natarajan leads the Gazette's business coverage, from the container port to the "
        "start-ups in the old rope works. She previously wrote about shipping and trade for a "
        "financial newsletter.",
    ),
    _author(
        "samuel-whitlock",
        "Samuel Whitlock",
        "Economics reporter",
        "Samuel Whitlock writes about jobs, prices and housing, and about what the numbers mean for "
        "households. He trained as a statistician before he switched to journalism.",
    ),
    _author(
        "hannah-kowalski",
        "Hannah Kowalski",
        "Culture editor",
        "Hannah Kowalski edits the culture pages and writes about museums, festivals and the city's "
        "music scene. She has reviewed more than three hundred concerts, most of them from the back "
        "of the room.",
    ),
    _author(
        "theo-marchetti",
        "Theo Marchetti",
        "Arts critic",
        "Theo Marchetti reviews theatre, film and books for the Gazette. He grew up above a cinema on "
        "Harbour Road and has never quite recovered.",
    ),
    _author(
        "aisha-bello",
        "Aisha Bello",
        "Sports reporter",
        "Aisha Bello covers Port Alder Rovers, the Herons and anything that happens on the river at "
        "the weekend. She ran her first marathon in the year she joined the paper.",
    ),
    _author(
        "jonas-lindqvist",
        "Jonas Lindqvist",
        "Sports editor",
        "Jonas Lindqvist runs the sports desk and writes a weekly column on the business of sport. He "
        "has covered three Olympic Games and one memorable village cricket final.",
    ),
    _author(
        "clara-dubois",
        "Clara Dubois",
        "Transport and environment reporter",
        "Clara Dubois reports on buses, bridges, flooding and the air the city breathes. She commutes "
        "by ferry and keeps a running list of its delays.",
    ),
    _author(
        "omar-haddad",
        "Omar Haddad",
        "Courts and public safety reporter",
        "Omar Haddad covers the courts, the police and the fire service. He is in the public gallery "
        "of the district court most weekday mornings.",
    ),
    _author(
        "ingrid-solberg",
        "Ingrid Solberg",
        "Opinion editor",
        "Ingrid Solberg edits the opinion pages and writes a column on civic life. She has lived in "
        "four of the city's six districts and argues with all of them.",
    ),
    _author(
        "tomas-berg",
        "Tomas Berg",
        "Staff photographer",
        "Tomas Berg has photographed Port Alder for the Gazette for eleven years, from council "
        "meetings to storm tides. His pictures of the old shipyard's last launch hang in the city "
        "museum.",
        photographer="Rosa Lindgren",
    ),
)

# A photo used by more than one story, as library photos often are.
FERRY_PIER = staff_photo(
    "ferry-harbour-road-pier.jpg",
    "Tomas Berg",
    caption="Passengers queue for the Alder Star at Harbour Road pier during the morning rush.",
    alt_text="A white two-deck ferry moored at a wooden pier while a line of commuters waits on the gangway.",
)

NEWS_STORIES = (
    DemoStory(
        slug="harbour-ferry-timetable-cut",
        section="news",
        headline="Harbour ferry cuts to a boat every 30 minutes as crew shortage bites",
        deck=(
            "The operator says the slimmer timetable will last until newly trained crews finish their "
            "certification, which could take three months."
        ),
        bylines=("clara-dubois",),
        contributors=("priya-natarajan",),
        tags=("Ferries", "Transport", "Harbour"),
        related=("alder-shipyard-electric-ferries", "ferry-living-room-column"),
        published_ago=timedelta(days=1, hours=2),
        notes=(
            (
                "correction",
                "An earlier version of this story said the timetable would last six months. "
                "The operator expects it to last three months.",
            ),
        ),
        lead_photo=FERRY_PIER,
        body=(
            paragraphs(
                "Port Alder's harbour ferry will sail every 30 minutes instead of every 15 from next "
                "week, after its operator said it could no longer crew the full timetable.",
                "Harbour Link, which carries about 9,000 passengers a day between Northbank and the "
                "Harbour Road pier, said eleven deckhands and two skippers had left since the spring, "
                "most of them for better-paid work on offshore supply boats.",
            ),
            QuoteBlock(
                "We would rather run a timetable we can keep than cancel sailings at the last minute "
                "and leave people stranded on the pier",
                "Ruth Amsel, operations director at Harbour Link",
            ),
            paragraphs(
                "The company says fourteen trainees are working towards their <strong>maritime safety "
                "certificates</strong> and should be on the boats within three months. Until then, the "
                "last crossing of the evening moves forward from 23:45 to 22:30.",
                "Commuter groups said the change would push more people into cars on the already "
                "crowded Alder Bridge. The revised timetable is "
                '<a href="https://ferries.example.org/timetable">on the operator\'s website</a>.',
            ),
            PhotoBlock(
                staff_photo(
                    "ferry-deckhand-ropes.jpg",
                    "Tomas Berg",
                    caption="A Harbour Link deckhand secures the Alder Star's mooring lines.",
                    alt_text=(
                        "A deckhand in an orange life jacket coils a thick rope on the deck of a ferry, "
                        "with the harbour wall behind."
                    ),
                )
            ),
            paragraphs(
                "Councillor Ada Brennan, who chairs the city's transport committee, said she had asked "
                "Harbour Link to publish weekly figures on cancelled sailings so that passengers could "
                "judge whether the new timetable was working."
            ),
        ),
    ),
    DemoStory(
        slug="northbank-flood-wall-test",
        section="news",
        headline="Northbank flood wall passes its first real test",
        deck=(
            "The river came within half a metre of the top of the new defences overnight, but for the "
            "first time in a decade no homes behind them were flooded."
        ),
        bylines=("clara-dubois",),
        contributors=("maya-okafor", "omar-haddad"),
        tags=("Flooding", "Northbank", "Climate"),
        published_ago=timedelta(days=2, hours=5),
        lead_photo=ap_photo(
            "flood-wall-high-tide.jpg",
            "Marcus Hale",
            caption="Floodwater presses against the new Northbank wall as the tide peaks.",
            alt_text=(
                "Brown river water reaching high up a grey concrete wall, with the terraced houses on the "
                "other side dry."
            ),
        ),
        body=(
            paragraphs(
                "The flood wall built along the Northbank after the floods three winters ago held "
                "overnight, as a spring tide and a storm surge pushed the River Alder to its highest "
                "level since the wall was finished.",
                "The river authority's gauge at Wharf Street peaked at 4.8 metres shortly after "
                "midnight, about 40 centimetres below the top of the wall. In the last comparable "
                "surge, more than 200 homes on the streets behind it took on water.",
            ),
            QuoteBlock(
                "For the first time in years I went to bed without carrying the sofa upstairs",
                "Grace Adeyemi, who lives on Tanner's Row",
            ),
            paragraphs(
                "Engineers walked the full 2.3-kilometre length of the wall at first light and found "
                "<em>no</em> seepage at the joints, according to the city's flood team. Two pumping "
                "stations ran through the night to clear rainwater from the streets behind it."
            ),
            PhotoBlock(
                staff_photo(
                    "flood-team-inspection.jpg",
                    "Rosa Lindgren",
                    caption="City engineers inspect a joint in the flood wall at first light.",
                    alt_text=(
                        "Two people in high-visibility jackets crouch beside a concrete wall, one "
                        "shining a torch at a seam."
                    ),
                )
            ),
            paragraphs(
                "The river authority warned that the wall was designed for today's tides and that a "
                "second phase, raising the Eastgate embankment, still has no confirmed funding. Its "
                'latest flood maps are <a href="https://river.example.org/flood-maps">published '
                "online</a>."
            ),
        ),
    ),
    DemoStory(
        slug="warehouse-fire-verdict",
        section="news",
        kicker="Courts",
        headline="Former warehouse owner guilty of starting fire to claim insurance",
        deck=(
            "A jury at the district court took less than a day to convict Leonard Fisk, whose "
            "wharf-side building burned down as his business was failing."
        ),
        bylines=("omar-haddad",),
        tags=("Courts", "Fire", "Wharf Street"),
        published_ago=timedelta(days=4, hours=2),
        lead_photo=agency_photo(
            "district-court-steps.jpg",
            "Lena Ortiz",
            "Reuters",
            caption="Leonard Fisk leaves Port Alder District Court after the verdict.",
            alt_text=(
                "A grey-haired man in a dark overcoat walks down wide stone steps, followed by "
                "photographers and a man carrying a briefcase."
            ),
        ),
        body=(
            paragraphs(
                "A former warehouse owner has been found guilty of setting fire to his own building on "
                "Wharf Street to claim on its insurance, after a six-day trial at Port Alder District "
                "Court.",
                "Leonard Fisk, 58, was convicted of arson and fraud. Prosecutors said he had fallen "
                "months behind on his loans when the building, a timber-framed grain store that he "
                "rented out as storage units, burned down last winter.",
            ),
            QuoteBlock(
                "He needed the building to be worth more as a claim than it was as a business, and so "
                "he made sure it was",
                "Prosecutor Helen Marsh, in her closing speech",
            ),
            paragraphs(
                "The jury heard that fire investigators found traces of <strong>petrol in three "
                "separate places</strong> on the ground floor, and that records from Mr Fisk's phone "
                "placed him a few streets away minutes before the first call to the fire service.",
                "His lawyer argued that the storage units had been broken into several times and that "
                "anyone could have started the fire.",
            ),
            PhotoBlock(
                courtesy_photo(
                    "warehouse-fire-night.jpg",
                    "Port Alder Fire and Rescue",
                    caption="Firefighters at the Wharf Street warehouse on the night of the fire.",
                    alt_text=(
                        "Orange flames pour from the upper windows of a long brick building while a "
                        "fire engine's ladder reaches towards it."
                    ),
                )
            ),
            paragraphs(
                "Nobody was hurt in the fire, but two neighbouring businesses were closed for months. "
                "Mr Fisk will be sentenced next month and was released on bail until then."
            ),
        ),
    ),
    DemoStory(
        slug="eastgate-library-reopens",
        section="news",
        headline="Eastgate library reopens with a roof garden and longer hours",
        deck=(
            "The rebuilt branch, closed for two years, will stay open until nine on weeknights, later "
            "than any other library in the city."
        ),
        bylines=("maya-okafor", "hannah-kowalski"),
        tags=("Libraries", "Eastgate"),
        related=("council-budget-libraries-deal",),
        published_ago=timedelta(days=1, hours=4),
        lead_photo=staff_photo(
            "eastgate-library-roof-garden.jpg",
            "Tomas Berg",
            caption="Readers on the new roof garden of Eastgate library on its first morning.",
            alt_text=(
                "People sitting on wooden benches among raised flower beds on a rooftop, with apartment "
                "blocks in the distance."
            ),
        ),
        body=(
            paragraphs(
                "Eastgate library reopened its doors yesterday after a two-year rebuild, with a roof "
                "garden, a recording studio for teenagers and the longest opening hours of any branch "
                "in Port Alder.",
                "Queues formed before eight in the morning. By lunchtime the library had issued more "
                "than 400 new cards, according to staff, who ran out of printed welcome guides before "
                "noon.",
            ),
            QuoteBlock(
                "People kept asking whether it was really free. It is, all of it, including the studio",
                "Nadia Ferreira, branch manager",
            ),
            paragraphs(
                "The rebuild cost £6.1 million, most of it from the city's capital budget. It keeps the "
                "Victorian reading room and replaces the 1970s extension, which had leaked for years.",
                "The branch will open until <strong>9 p.m. on weeknights</strong>, the change most "
                "requested in a consultation with residents last year.",
            ),
            PhotoBlock(
                staff_photo(
                    "eastgate-library-reading-room.jpg",
                    "Rosa Lindgren",
                    caption="The restored reading room keeps its original oak shelves.",
                    alt_text=(
                        "A high-ceilinged room with tall wooden bookcases, green reading lamps and long "
                        "tables where a few people are studying."
                    ),
                )
            ),
            paragraphs(
                "The new opening hours and the studio booking system are listed "
                '<a href="https://library.example.org/eastgate">on the library service\'s website</a>.'
            ),
        ),
    ),
    DemoStory(
        slug="heatwave-water-appeal",
        section="news",
        headline="Water company asks households to save water as the heatwave goes on",
        deck=(
            "Reservoirs above Port Alder are at their lowest for the time of year in more than a "
            "decade, though no hosepipe ban has been announced."
        ),
        desk_byline="Staff",
        contributors=("clara-dubois",),
        tags=("Heatwave", "Water", "Climate"),
        published_ago=timedelta(hours=9),
        lead_photo=courtesy_photo(
            "high-moor-reservoir.jpg",
            "Alder Valley Water",
            caption="The exposed shoreline of High Moor reservoir this week.",
            alt_text=(
                "A wide reservoir with a band of pale, cracked mud between the water and the grassy "
                "bank, under a cloudless sky."
            ),
        ),
        body=(
            paragraphs(
                "Alder Valley Water has asked customers to take shorter showers, water gardens only in "
                "the evening and report leaks, as the heatwave enters its second week.",
                "The company's three reservoirs in the hills above the city are at 61 per cent of "
                "capacity, against an average of 78 per cent for the time of year.",
            ),
            QuoteBlock(
                "We are not at the point of a ban, and every bucket people save now makes one less likely",
                "Owen Pryce, head of water resources at Alder Valley Water",
            ),
            paragraphs(
                "Temperatures in the city reached 33C yesterday and forecasters expect the hot spell to "
                "last at least until the weekend. The council has opened <em>cool rooms</em> in five "
                "libraries for people who struggle in the heat."
            ),
            PhotoBlock(
                staff_photo(
                    "market-square-fountains.jpg",
                    "Tomas Berg",
                    caption="Children cool off in the fountains of Market Square.",
                    alt_text=(
                        "Small children running through low jets of water in a paved square, with "
                        "parents watching from the shade of a tree."
                    ),
                )
            ),
            paragraphs(
                "Leaks can be reported by phone or "
                '<a href="https://water.example.org/report-a-leak">through the company\'s online '
                "form</a>."
            ),
        ),
    ),
    DemoStory(
        slug="northbank-bus-lane-trial",
        section="news",
        headline="Northbank bus lane trial to be extended for six months",
        deck=(
            "Council papers show buses on the route became faster and more punctual during the "
            "trial, but shopkeepers say their deliveries have suffered."
        ),
        bylines=("clara-dubois",),
        contributors=("maya-okafor",),
        tags=("Transport", "Buses", "Northbank"),
        lead_photo=staff_photo(
            "northbank-bus-lane.jpg",
            "Rosa Lindgren",
            caption="A number 12 bus in the trial lane on Northbank Road.",
            alt_text=(
                "A red single-decker bus drives along a lane painted red and marked for buses only, "
                "beside a queue of cars."
            ),
        ),
        body=(
            paragraphs(
                "The bus lane on Northbank Road is likely to stay for at least another six months, "
                "according to papers published ahead of next week's transport committee.",
                "During the trial, the average peak-time journey on the number 12 bus between the "
                "station and Northbank fell from 24 to 17 minutes, and the share of buses arriving on "
                "time rose from 71 to 88 per cent.",
            ),
            QuoteBlock(
                "The numbers are good for buses and bad for us. Our delivery vans have nowhere to stop",
                "Imran Siddiqui, who runs a hardware shop on Northbank Road",
            ),
            paragraphs(
                "Officers recommend adding two loading bays and allowing deliveries in the lane before "
                "7 a.m., a compromise the committee is expected to back."
            ),
            PhotoBlock(
                staff_photo(
                    "northbank-shopfronts.jpg",
                    "Rosa Lindgren",
                    caption="Shops along Northbank Road, where traders want more loading space.",
                    alt_text=(
                        "A row of small shops with striped awnings on a busy street, a delivery van "
                        "parked half on the pavement."
                    ),
                )
            ),
            paragraphs(
                'The committee papers are <a href="https://council.example.org/meetings/transport">on '
                "the council's website</a>."
            ),
        ),
    ),
)

POLITICS_STORIES = (
    DemoStory(
        slug="council-budget-libraries-deal",
        section="politics",
        kicker="City hall",
        headline="Council passes budget after late deal keeps three libraries open",
        deck=(
            "The governing group won the vote by two after agreeing to drop branch closures in return "
            "for higher parking charges."
        ),
        bylines=("maya-okafor", "daniel-reyes"),
        contributors=("samuel-whitlock",),
        tags=("Budget", "City council", "Libraries"),
        related=("budget-deal-editorial", "eastgate-library-reopens"),
        seo_description=(
            "Port Alder council passes its budget after a deal to keep three libraries open, paid for "
            "with higher parking charges."
        ),
        published_ago=timedelta(days=6, hours=1),
        lead_photo=staff_photo(
            "council-chamber-vote.jpg",
            "Tomas Berg",
            caption="Councillors vote on the budget in the city hall chamber.",
            alt_text=(
                "Rows of councillors at curved wooden desks raising their hands, beneath a ceiling of "
                "painted panels."
            ),
        ),
        body=(
            paragraphs(
                "Port Alder's council approved its budget for the coming year by 31 votes to 29 last "
                "night, after a deal struck in the final hour kept three branch libraries open.",
                "The governing group had planned to close the libraries in Saltmarsh, Fenwick and Upper "
                "Quay to save £1.2 million. It dropped the closures after two independent councillors "
                "said they would vote against the budget unless the branches were saved.",
            ),
            QuoteBlock(
                "Nobody in this chamber wanted to close a library. Tonight we found a way not to",
                "Councillor Ada Brennan, who brokered the deal",
            ),
            paragraphs(
                "To pay for the change, on-street parking in the city centre will rise by 40p an hour "
                "and the council will draw £400,000 from its reserves. The opposition called the use of "
                "reserves <em>a one-year fix for a permanent problem</em>.",
                "Council tax will rise by 4.9 per cent, the most allowed without a local referendum.",
            ),
            PhotoBlock(
                staff_photo(
                    "library-campaigners-city-hall.jpg",
                    "Tomas Berg",
                    caption="Library campaigners wait outside city hall before the vote.",
                    alt_text=(
                        "A small crowd on the steps of a stone building holding hand-painted placards "
                        "decorated with drawings of books."
                    ),
                )
            ),
            paragraphs(
                "The budget papers, including the amendment, are "
                '<a href="https://council.example.org/budget">published on the council\'s website</a>.'
            ),
        ),
    ),
    DemoStory(
        slug="mayor-rail-yards-homes",
        section="politics",
        headline="Mayor promises 2,000 homes on the old rail yards",
        deck=(
            "Half the homes would be let below market rents, but the plan depends on the city buying "
            "the land from the rail operator."
        ),
        bylines=("maya-okafor",),
        contributors=("samuel-whitlock",),
        tags=("Housing", "Rail yards", "Mayor"),
        related=("rents-outpace-wages",),
        published_ago=timedelta(days=9, hours=3),
        lead_photo=agency_photo(
            "rail-yards-aerial.jpg",
            "Sofia Brandt",
            "AFP",
            caption="The disused rail yards east of Central station.",
            alt_text=(
                "An aerial view of rusting railway tracks and empty sheds stretching between a river and "
                "a dense neighbourhood of terraced streets."
            ),
        ),
        body=(
            paragraphs(
                "Mayor Lucia Ferrante has promised to build 2,000 homes on the disused rail yards east "
                "of Central station, the largest housing scheme proposed in the city for a generation.",
                "Half the homes would be let at rents tied to local incomes rather than the market, and "
                "the rest sold. The mayor said work could start within three years if the city can "
                "agree a price for the land.",
            ),
            QuoteBlock(
                "We have a hole in the middle of our city and a housing waiting list of eleven thousand "
                "families. It is not complicated",
                "Mayor Lucia Ferrante",
            ),
            paragraphs(
                "The rail operator, which owns the site, said it was <strong>open to offers</strong> but "
                "that the land was worth well above the figure the city has set aside. Opposition "
                "councillors asked how the scheme would be paid for if the price rose."
            ),
            PhotoBlock(
                staff_photo(
                    "mayor-ferrante-rail-yards.jpg",
                    "Tomas Berg",
                    caption="Mayor Lucia Ferrante sets out the plan at the rail yards.",
                    alt_text=(
                        "A woman in a green jacket speaks at a lectern in front of a chain-link fence, "
                        "with old train sheds behind her."
                    ),
                )
            ),
            paragraphs(
                "A public consultation on the outline plan will open next month, the mayor's office said."
            ),
        ),
    ),
    DemoStory(
        slug="assembly-election-autumn",
        section="politics",
        headline="Regional assembly election called for the autumn",
        deck=(
            "The early vote gives the parties fourteen weeks to campaign, and the governing coalition "
            "a way out of its row over transport funding."
        ),
        bylines=("daniel-reyes",),
        tags=("Elections", "Regional assembly"),
        seo_description=(
            "The regional assembly election has been called for the autumn, eighteen months early. "
            "What the early vote means for each party."
        ),
        published_ago=timedelta(days=12, hours=6),
        lead_photo=agency_photo(
            "assembly-building.jpg",
            "Lena Ortiz",
            "Reuters",
            caption="The regional assembly building on Castle Hill.",
            alt_text=(
                "A modern glass-fronted building with flags on tall poles in front of it and a wide "
                "flight of steps."
            ),
        ),
        body=(
            paragraphs(
                "Voters across the region will elect a new assembly in the autumn, eighteen months "
                "earlier than planned, after the First Minister asked for a dissolution yesterday.",
                "The coalition has been split for months over whether to fund a second river crossing "
                "or extend the tram network, and neither partner could find the votes to pass a "
                "transport budget.",
            ),
            QuoteBlock(
                "We can argue about this for another year and a half, or we can ask the people who "
                "will use the bridge or the tram",
                "First Minister Rhodri Vaughan",
            ),
            paragraphs(
                "Polls suggest no party is close to a majority. The Greens, who hold four seats, are "
                "expected to target the city's central districts, where the tram extension is popular.",
                "Candidates must be nominated <strong>six weeks before polling day</strong>.",
            ),
            PhotoBlock(
                ap_photo(
                    "assembly-chamber-dissolution.jpg",
                    "Yuki Tanaka",
                    caption="Members leave the chamber after the dissolution was announced.",
                    alt_text=(
                        "People in suits filing out through tall wooden doors from a semicircular "
                        "debating chamber."
                    ),
                )
            ),
            paragraphs(
                "The electoral commission's guide to registering and finding your polling station is "
                '<a href="https://elections.example.org/register">available online</a>.'
            ),
        ),
    ),
    DemoStory(
        slug="first-time-voters-survey",
        section="politics",
        kicker="Exclusive",
        headline="Most first-time voters do not know where their polling station is, survey finds",
        deck=(
            "A Gazette survey of 1,000 young people across the region found enthusiasm for voting but "
            "little knowledge of how to do it."
        ),
        bylines=("daniel-reyes", "samuel-whitlock", "maya-okafor"),
        tags=("Elections", "Young voters", "Surveys"),
        related=("assembly-election-autumn",),
        published_ago=timedelta(days=3, hours=7),
        lead_photo=staff_photo(
            "students-registration-stall.jpg",
            "Rosa Lindgren",
            caption="Students sign up to vote at a registration stall at Alder College.",
            alt_text=(
                "Young people gathered around a folding table covered in clipboards and leaflets in a "
                "college courtyard."
            ),
        ),
        body=(
            paragraphs(
                "Seven in ten people who will vote for the first time in the autumn election say they "
                "do not know where their polling station is, according to a survey commissioned by the "
                "Gazette.",
                "The survey of 1,000 people aged 18 to 21 across the region found that 64 per cent "
                "intended to vote, more than turned out in that age group at the last election, but "
                "that many were unsure how to register or what identification they would need.",
            ),
            QuoteBlock(
                "Everyone assumes we don't care. We do. Nobody ever told us how any of it works",
                "Keira Doyle, 19, a nursing student",
            ),
            paragraphs(
                "Only one in four knew that the deadline to register falls <em>before</em> the final "
                "weeks of the campaign. The electoral commission said it would run a campaign in "
                "colleges and on social media.",
                "The survey was carried out online by an independent polling firm; the full tables are "
                '<a href="https://gazette.example.org/data/first-time-voters">published with this '
                "story</a>.",
            ),
            PhotoBlock(
                staff_photo(
                    "polling-station-sign.jpg",
                    "Tomas Berg",
                    caption="A polling station sign outside Fenwick community hall at the last election.",
                    alt_text=(
                        "A white sign with a black arrow and the words polling station, tied to a "
                        "railing outside a brick hall."
                    ),
                )
            ),
            paragraphs("Registration stays open until six weeks before polling day."),
        ),
    ),
    DemoStory(
        slug="councillor-expenses-online",
        section="politics",
        headline="Councillors' expense claims to be published online every month",
        deck=(
            "The change follows a row over taxi bills, and will show every claim, with its receipt, "
            "from the start of the next financial year."
        ),
        bylines=("maya-okafor",),
        contributors=("daniel-reyes",),
        tags=("City council", "Transparency"),
        lead_photo=staff_photo(
            "city-hall-clock-tower.jpg",
            "Tomas Berg",
            caption="The clock tower of Port Alder city hall.",
            alt_text="A tall sandstone clock tower against a grey sky, with pigeons sitting on its ledges.",
        ),
        body=(
            paragraphs(
                "Every expense claim made by a Port Alder councillor will be published online each "
                "month, under rules agreed by the council's standards committee.",
                "At present, claims are released once a year as a single total for each councillor. "
                "The new register will list each claim, its date and its receipt, with home addresses "
                "removed.",
            ),
            QuoteBlock(
                "If it is public money, the public should be able to see where it went, claim by claim",
                "Councillor Tom Ashworth, chair of the standards committee",
            ),
            paragraphs(
                "The decision follows reporting that one councillor had claimed for more than forty "
                "taxi journeys between city hall and his home, a fifteen-minute walk away."
            ),
            PhotoBlock(
                staff_photo(
                    "standards-committee-meeting.jpg",
                    "Rosa Lindgren",
                    caption="The standards committee agrees the new rules.",
                    alt_text=(
                        "Five people sit around a long table with papers and microphones in a "
                        "wood-panelled meeting room."
                    ),
                )
            ),
            paragraphs("The first monthly register will appear a month after the new rules take effect."),
        ),
    ),
)

BUSINESS_STORIES = (
    DemoStory(
        slug="alder-shipyard-electric-ferries",
        section="business",
        headline="Alder shipyard wins contract to build three electric ferries",
        deck=(
            "The order secures about 300 jobs for four years at the yard, which came close to closing "
            "in the last downturn."
        ),
        bylines=("priya-natarajan",),
        contributors=("clara-dubois",),
        tags=("Shipbuilding", "Ferries", "Jobs"),
        related=("harbour-ferry-timetable-cut",),
        published_ago=timedelta(days=5, hours=3),
        lead_photo=agency_photo(
            "shipyard-crane-hull.jpg",
            "Lena Ortiz",
            "Reuters",
            caption="A hull section is lifted into place at the Alder shipyard.",
            alt_text="A huge yellow gantry crane lowering a steel section of a ship's hull into a dry dock.",
        ),
        body=(
            paragraphs(
                "The Alder shipyard has won a contract to build three battery-electric ferries for a "
                "Scandinavian operator, its largest order in more than a decade.",
                "The order is worth about £140 million and will keep roughly 300 people in work for four "
                "years. The first vessel is due to be launched in two years' time.",
            ),
            QuoteBlock(
                "Five years ago we were negotiating redundancies. Today we are hiring welders again",
                "Marta Lindholm, managing director of Alder Marine",
            ),
            paragraphs(
                "The yard beat competitors from across Europe and Asia, helped by its experience of "
                "fitting the <strong>battery systems</strong> now required on short ferry routes in "
                "northern Europe.",
                "Unions welcomed the contract but said the yard needed a steady flow of orders rather "
                "than one large win.",
            ),
            PhotoBlock(
                staff_photo(
                    "shipyard-welders.jpg",
                    "Tomas Berg",
                    caption="Welders at work inside the shipyard's fabrication hall.",
                    alt_text=(
                        "Two workers in welding masks kneel beside a steel panel, sparks spraying "
                        "across a concrete floor."
                    ),
                )
            ),
            paragraphs(
                "Alder Marine said it would take on "
                '<a href="https://alder-marine.example.org/apprentices">40 apprentices</a> this year.'
            ),
        ),
    ),
    DemoStory(
        slug="northbank-bakery-buyout",
        section="business",
        kicker="Small business",
        headline="Workers buy the Northbank bakery they have run for twenty years",
        deck=(
            "The owner wanted to retire. Rather than sell to a chain, he sold to the eleven people "
            "who bake the bread."
        ),
        bylines=("samuel-whitlock",),
        contributors=("priya-natarajan",),
        tags=("Small business", "Co-operatives", "Northbank"),
        published_ago=timedelta(days=8, hours=2),
        lead_photo=staff_photo(
            "bakery-morning-loaves.jpg",
            "Rosa Lindgren",
            caption="Loaves cool on racks at Hartley's bakery before opening.",
            alt_text="Rows of round brown loaves on metal cooling racks in a warm, flour-dusted kitchen.",
        ),
        body=(
            paragraphs(
                "Hartley's, the bakery on Northbank Road that has sold bread from the same oven since "
                "1962, is now owned by the people who work there.",
                "Its owner, George Hartley, 71, sold the business to a co-operative formed by his eleven "
                "staff, who raised the money with a community share offer and a loan from a regional "
                "fund for employee-owned firms.",
            ),
            QuoteBlock(
                "I had two offers from chains. They wanted the address, not the bakery",
                "George Hartley",
            ),
            paragraphs(
                "The co-operative raised £180,000 from 640 customers, some of whom bought a single £50 "
                "share. Each worker now has one vote on how the business is run, including on prices "
                "and opening hours.",
                "The new owners' first decision: <em>the sourdough stays the same</em>.",
            ),
            PhotoBlock(
                staff_photo(
                    "bakery-coop-staff.jpg",
                    "Rosa Lindgren",
                    caption="The bakery's new owners outside the shop.",
                    alt_text=(
                        "Eleven people in white aprons standing in front of a shop with a painted "
                        "wooden sign above the window."
                    ),
                )
            ),
            paragraphs(
                "Twenty-three firms in the region are now owned by their staff, according to a "
                '<a href="https://employee-owned.example.org/register">national register</a>.'
            ),
        ),
    ),
    DemoStory(
        slug="rents-outpace-wages",
        section="business",
        headline="Rents rose faster than wages in Port Alder for a third year",
        deck=(
            "The average rent for a two-bedroom flat now takes 41 per cent of a typical full-time "
            "salary, up from 34 per cent three years ago."
        ),
        bylines=("samuel-whitlock", "priya-natarajan"),
        contributors=("maya-okafor",),
        tags=("Housing", "Rents", "Cost of living"),
        related=("mayor-rail-yards-homes",),
        seo_description=(
            "Port Alder rents rose faster than wages for the third year running; a two-bedroom flat "
            "now takes 41% of a typical salary."
        ),
        published_ago=timedelta(days=10, hours=5),
        lead_photo=staff_photo(
            "to-let-signs-saltmarsh.jpg",
            "Tomas Berg",
            caption="Letting agents' boards on a street in Saltmarsh.",
            alt_text=(
                "A row of terraced houses with several letting agents' boards fixed to the railings in "
                "front of them."
            ),
        ),
        body=(
            paragraphs(
                "Private rents in Port Alder rose by 8.4 per cent over the past year, more than double "
                "the growth in wages, according to figures from the city's housing department.",
                "It is the third year in a row that rents have outpaced pay. The average monthly rent "
                "for a two-bedroom flat is now £1,140.",
            ),
            QuoteBlock(
                "We are seeing nurses and bus drivers on our waiting list, people in full-time work who "
                "cannot keep up",
                "Bernadette Quinn, Port Alder Housing Advice",
            ),
            paragraphs(
                "The sharpest rises were in Northbank and Eastgate, where new transport links have drawn "
                "buyers and investors. Rents in the outer districts rose more slowly, from a lower base.",
                "Economists said the figures reflected a shortage of homes rather than a surge in "
                "demand, and that only <strong>building more</strong> would change the trend.",
            ),
            PhotoBlock(
                staff_photo(
                    "eastgate-new-flats.jpg",
                    "Tomas Berg",
                    caption="New flats under construction in Eastgate.",
                    alt_text=(
                        "A half-built apartment block wrapped in scaffolding, with a crane above it and "
                        "a finished block beside it."
                    ),
                )
            ),
            paragraphs(
                'The housing department\'s <a href="https://council.example.org/housing/rents">quarterly '
                "rent figures</a> cover more than 12,000 lettings."
            ),
        ),
    ),
    DemoStory(
        slug="port-container-traffic",
        section="business",
        headline="Port traffic recovers as two shipping lines return",
        deck=(
            "Container volumes at Port Alder rose by a fifth in the last quarter after two lines "
            "restored their direct calls."
        ),
        desk_byline="Agencies",
        contributors=("priya-natarajan",),
        tags=("Port", "Trade", "Shipping"),
        published_ago=timedelta(days=14, hours=2),
        lead_photo=ap_photo(
            "container-terminal-dusk.jpg",
            "Marcus Hale",
            caption="Containers are unloaded at the Port Alder terminal.",
            alt_text=(
                "Stacks of red, blue and green shipping containers on a quay at dusk, with a large cargo "
                "ship and cranes behind them."
            ),
        ),
        body=(
            paragraphs(
                "Container traffic through Port Alder rose by 21 per cent in the last three months "
                "compared with the same period a year earlier, the port authority said.",
                "The recovery follows the return of two shipping lines that had dropped their direct "
                "calls to the port during a dispute over handling charges.",
            ),
            QuoteBlock(
                "We lost those services on price and we won them back on reliability",
                "Henrik Vos, chief executive of the Port Alder Authority",
            ),
            paragraphs(
                "The port handled the equivalent of 412,000 twenty-foot containers in the quarter. "
                "Volumes are still below their peak, but the authority expects to reach it again "
                "<em>within two years</em>."
            ),
            PhotoBlock(
                courtesy_photo(
                    "port-electric-cranes.jpg",
                    "Port Alder Authority",
                    caption="The port's two new electric cranes, in service since the spring.",
                    alt_text=(
                        "Two tall white ship-to-shore cranes against a blue sky, their booms raised over "
                        "an empty berth."
                    ),
                )
            ),
            paragraphs(
                'The port authority publishes its <a href="https://port.example.org/statistics">monthly '
                "statistics</a> online."
            ),
        ),
    ),
    DemoStory(
        slug="rope-works-startups",
        section="business",
        kicker="Analysis",
        headline="The old rope works is full of start-ups. Can the city keep them?",
        deck=(
            "Cheap rent and good light drew dozens of young companies to the Victorian mill. As they "
            "grow, they are looking elsewhere."
        ),
        bylines=("priya-natarajan",),
        contributors=("samuel-whitlock",),
        tags=("Start-ups", "Jobs", "Eastgate"),
        scheduled_in=timedelta(hours=18),
        embargo_note="The council's mill survey is embargoed until publication; press office agreed.",
        lead_photo=staff_photo(
            "rope-works-hall.jpg",
            "Tomas Berg",
            caption="The central hall of the rope works, now shared office space.",
            alt_text=(
                "A long brick hall with iron columns and skylights, filled with desks, plants and people "
                "working on laptops."
            ),
        ),
        body=(
            paragraphs(
                "Ten years ago the rope works on the Eastgate waterfront was a listed ruin. Today its "
                "300-metre hall houses 46 companies and about 400 jobs, most of them in software, "
                "design and engineering.",
                "The problem, say the companies that have done best there, is what happens next. Of the "
                "nine firms that outgrew the building in the past three years, six left the city.",
            ),
            QuoteBlock(
                "We wanted to stay. There was simply nowhere in Port Alder with room for eighty people "
                "that we could afford",
                "Lindiwe Moyo, co-founder of a robotics firm that moved to the capital",
            ),
            paragraphs(
                "The city's economic development team says it is talking to the owners of empty offices "
                "near the station about <em>move-on space</em> on flexible leases, but it has no budget "
                "to subsidise rents.",
                "Investors point out that the companies that left kept small teams at the rope works, "
                "and that the city still benefits from the jobs that remain.",
            ),
            PhotoBlock(
                staff_photo(
                    "rope-works-waterfront.jpg",
                    "Rosa Lindgren",
                    caption="The rope works from the Eastgate waterfront.",
                    alt_text=(
                        "A very long, low red-brick building with rows of arched windows beside a "
                        "riverside promenade."
                    ),
                )
            ),
            paragraphs(
                "The rope works' managers say the building is full, with 30 companies on a waiting list."
            ),
        ),
    ),
)

CULTURE_STORIES = (
    DemoStory(
        slug="harbour-jazz-free-stage",
        section="culture",
        headline="Harbour Jazz Festival adds a free stage on the quay",
        deck=(
            "The festival, which sold out in a day last year, will put a third of its acts on an "
            "open-air stage that needs no ticket."
        ),
        bylines=("hannah-kowalski",),
        contributors=("theo-marchetti",),
        tags=("Music", "Festivals", "Harbour"),
        published_ago=timedelta(days=2, hours=9),
        lead_photo=staff_photo(
            "jazz-quay-stage.jpg",
            "Tomas Berg",
            caption="Last year's closing concert on Custom House Quay.",
            alt_text=(
                "A crowd standing on a quay at sunset facing a small stage where a band plays under "
                "strings of lights."
            ),
        ),
        body=(
            paragraphs(
                "The Harbour Jazz Festival will put a third of its programme on a free open-air stage on "
                "Custom House Quay this year, after complaints that last year's tickets sold out within "
                "a day.",
                "The festival's director said the free stage would host 14 acts over three evenings, "
                "including the opening night's big band and an afternoon programme for families.",
            ),
            QuoteBlock(
                "Jazz started in the street. Hearing it should not depend on winning a ticket lottery",
                "Marcus Adebayo, festival director",
            ),
            paragraphs(
                "Tickets for the indoor concerts at the Corn Exchange and the Mariners' Church go on "
                "sale next week. Headliners include the saxophonist <strong>Ines Calder</strong> and a "
                "trio from the city's own conservatoire."
            ),
            PhotoBlock(
                courtesy_photo(
                    "jazz-trio-rehearsal.jpg",
                    "Harbour Jazz Festival",
                    caption="The Conservatoire Trio rehearsing for the festival.",
                    alt_text=(
                        "A pianist, a double bass player and a drummer play together in a bright "
                        "rehearsal room with tall windows."
                    ),
                ),
                caption="The Conservatoire Trio, who close the festival's indoor programme.",
            ),
            paragraphs(
                'The full programme is <a href="https://harbourjazz.example.org/programme">on the '
                "festival's website</a>."
            ),
        ),
    ),
    DemoStory(
        slug="museum-shipwreck-cargo",
        section="culture",
        headline="Museum puts a 200-year-old shipwreck's cargo on display",
        deck=(
            "Porcelain, coffee beans and a ship's bell recovered from the Margaret Ann go on show "
            "after ten years of conservation."
        ),
        bylines=("hannah-kowalski",),
        contributors=("theo-marchetti",),
        tags=("Museums", "History", "Harbour"),
        published_ago=timedelta(days=7, hours=6),
        lead_photo=courtesy_photo(
            "margaret-ann-bell.jpg",
            "Port Alder Museum",
            caption="The Margaret Ann's bell, cleaned of two centuries of sea growth.",
            alt_text=(
                "A dark bronze ship's bell on a plinth, lit from above against a black background, with "
                "faint lettering around its rim."
            ),
        ),
        body=(
            paragraphs(
                "The cargo of the Margaret Ann, a merchant ship that sank at the mouth of the Alder in "
                "a winter storm, goes on display at Port Alder Museum this weekend after a decade of "
                "conservation.",
                "Divers recovered more than 3,000 objects from the wreck, including blue-and-white "
                "porcelain, clay pipes, sacks of coffee beans preserved in the silt and the ship's "
                "bronze bell.",
            ),
            QuoteBlock(
                "Every object had to be washed of salt slowly, for years, or it would have crumbled the "
                "moment it dried",
                "Dr Eleanor Pike, the museum's head of conservation",
            ),
            paragraphs(
                "The exhibition also tells the story of the <em>Margaret Ann</em>'s crew. Parish records "
                "show that five of its eleven sailors came from the city, and descendants of two of "
                "them helped the museum trace their families."
            ),
            PhotoBlock(
                ap_photo(
                    "museum-porcelain-conservation.jpg",
                    "Yuki Tanaka",
                    caption="A conservator reassembles a porcelain bowl from the wreck.",
                    alt_text=(
                        "Gloved hands fitting a curved blue-and-white fragment into a partly rebuilt "
                        "bowl on a padded table."
                    ),
                )
            ),
            paragraphs(
                'Entry is free. Opening times are <a href="https://museum.example.org/margaret-ann">on '
                "the museum's website</a>."
            ),
        ),
    ),
    DemoStory(
        slug="review-tempest-playhouse",
        section="culture",
        kicker="Review",
        headline="A storm-soaked Tempest that trusts its actors",
        deck=(
            "The Playhouse drenches its stage in real rain, but the production's best moments are its "
            "quietest."
        ),
        bylines=("theo-marchetti",),
        tags=("Theatre", "Reviews", "Shakespeare"),
        published_ago=timedelta(days=11, hours=2),
        lead_photo=courtesy_photo(
            "tempest-storm-scene.jpg",
            "Alder Playhouse",
            caption="Prospero summons the storm in the Alder Playhouse production.",
            alt_text=(
                "An actor in a long coat stands with his arms raised on a dark stage as water pours down "
                "in sheets behind him."
            ),
        ),
        body=(
            paragraphs(
                "There is a great deal of water in the Alder Playhouse's new <em>Tempest</em>. Rain "
                "falls from above the stage for the whole of the opening scene, the front rows are "
                "handed ponchos, and the boards stay slick until the interval.",
                "It would be easy to leave talking only about the weather. But the production's real "
                "strength is its patience: it lets the actors take their time, and most of them repay "
                "it.",
            ),
            QuoteBlock(
                "I wanted the storm to be real enough that the calm afterwards feels earned",
                "Director Saoirse Kennelly, speaking before opening night",
            ),
            paragraphs(
                "As Prospero, Desmond Achebe is less a magician than a tired father, and his final "
                "speech, delivered almost in a whisper with the house lights half up, is the best thing "
                "I have seen on this stage in years. Amara Lowe's Ariel is quick, strange and very "
                "funny.",
                "Not everything lands. The comic scenes drag, and the masque is cut so heavily that it "
                "barely makes sense.",
            ),
            PhotoBlock(
                courtesy_photo(
                    "tempest-ariel.jpg",
                    "Alder Playhouse",
                    caption="Amara Lowe as Ariel.",
                    alt_text=(
                        "A barefoot actor in a silver costume crouches on a wet wooden platform, looking "
                        "up and smiling."
                    ),
                )
            ),
            paragraphs(
                "<strong>The Tempest</strong> runs at the Alder Playhouse until the end of next month. "
                'Tickets are <a href="https://playhouse.example.org/tempest">available online</a>.'
            ),
        ),
    ),
    DemoStory(
        slug="night-ferry-debut-novel",
        section="culture",
        kicker="Interview",
        headline="A debut novel set on the night ferry, written on the night ferry",
        deck=(
            "Farah Nasser wrote her first book on the journey home from hospital night shifts. It has "
            "just been shortlisted for a national prize."
        ),
        bylines=("theo-marchetti",),
        contributors=("hannah-kowalski",),
        tags=("Books", "Interviews", "Ferries"),
        related=("harbour-ferry-timetable-cut",),
        published_ago=timedelta(days=16, hours=3),
        lead_photo=staff_photo(
            "farah-nasser-ferry-deck.jpg",
            "Rosa Lindgren",
            caption="Farah Nasser on the deck of the late ferry, where she wrote most of her novel.",
            alt_text=(
                "A woman in a dark coat leans on the rail of a ferry at night, holding a notebook, with "
                "city lights behind her."
            ),
        ),
        body=(
            paragraphs(
                "For four years, Farah Nasser spent forty minutes of every working night on the last "
                "ferry from Northbank, going home from her shifts as a hospital pharmacist. She spent "
                "most of them writing.",
                "The result is <em>Crossing Time</em>, a novel about six passengers on a night ferry "
                "that breaks down mid-river. It has been shortlisted for the national first novel prize.",
            ),
            QuoteBlock(
                "The ferry is the only place in this city where nobody can reach you for forty minutes. "
                "It is the best writing room I have ever had",
                "Farah Nasser",
            ),
            paragraphs(
                "Nasser wrote the first draft in pencil, in school exercise books, because her laptop "
                "battery would not last the crossing. She typed it up on her days off and sent it to a "
                "publisher who, she says, picked it out of the pile of unsolicited manuscripts.",
                "The winner of the prize will be announced in the autumn. Nasser has no plans to give "
                "up her job at the hospital, or the ferry.",
            ),
            PhotoBlock(
                staff_photo(
                    "crossing-time-notebooks.jpg",
                    "Rosa Lindgren",
                    caption="The exercise books that hold the first draft of Crossing Time.",
                    alt_text=(
                        "A stack of worn school exercise books with handwritten labels on their covers, "
                        "on a wooden table beside a pencil."
                    ),
                )
            ),
            paragraphs(
                "Nasser reads from the book at Eastgate library next week. The event is free, but "
                '<a href="https://library.example.org/events">places must be booked</a>.'
            ),
        ),
    ),
    DemoStory(
        slug="regal-cinema-for-sale",
        section="culture",
        headline="Harbour Road's last single-screen cinema is up for sale",
        deck="The Regal has shown films since 1936. Its owners want a buyer who will keep it running.",
        bylines=("theo-marchetti", "hannah-kowalski"),
        tags=("Cinema", "Harbour Road"),
        lead_photo=staff_photo(
            "regal-cinema-front.jpg",
            "Tomas Berg",
            caption="The Regal cinema on Harbour Road.",
            alt_text=(
                "An art deco cinema with a curved cream facade and a lit sign above the entrance listing "
                "film titles."
            ),
        ),
        body=(
            paragraphs(
                "The Regal, the last single-screen cinema in Port Alder, has been put up for sale by the "
                "family that has run it for three generations.",
                "The cinema, which opened in 1936 and still has its original 600-seat auditorium, shows "
                "a mix of new releases and classic films, and has made a profit in most years, its "
                "owners say.",
            ),
            QuoteBlock(
                "We are not closing it. We are looking for someone younger who loves it as much as we do",
                "Patricia Doyle, who runs the Regal with her brother",
            ),
            paragraphs(
                "The building is listed, which protects its facade and auditorium from demolition but "
                "not its use as a cinema. A campaign group has started raising money to buy it as a "
                "community venture."
            ),
            PhotoBlock(
                staff_photo(
                    "regal-auditorium.jpg",
                    "Tomas Berg",
                    caption="The Regal's original auditorium, with its painted ceiling.",
                    alt_text=(
                        "Rows of red velvet seats facing a screen framed by gold curtains, under a domed "
                        "ceiling painted with stars."
                    ),
                )
            ),
            paragraphs(
                "The sale is being handled by a local agent; the asking price has not been disclosed."
            ),
        ),
    ),
)

SPORT_STORIES = (
    DemoStory(
        slug="rovers-seal-promotion",
        section="sport",
        headline="Rovers win at Kestrel Park to seal promotion on the final day",
        deck=(
            "Port Alder Rovers needed a draw. A late header from Callum Reid gave them a win and a "
            "place in the division above."
        ),
        bylines=("aisha-bello",),
        contributors=("jonas-lindqvist",),
        tags=("Football", "Port Alder Rovers"),
        related=("promotion-paying-for-it",),
        published_ago=timedelta(days=4, hours=20),
        lead_photo=agency_photo(
            "rovers-reid-header.jpg",
            "Kwame Mensah",
            "Reuters",
            caption="Callum Reid scores the winning header for Port Alder Rovers.",
            alt_text=(
                "A footballer in a blue shirt rises above two defenders to head the ball towards goal, "
                "the crowd blurred behind him."
            ),
        ),
        body=(
            paragraphs(
                "Port Alder Rovers are promoted. A header from Callum Reid four minutes from time gave "
                "them a 2-1 win over Millbrook Athletic at Kestrel Park and second place in the league, "
                "one point ahead of their visitors.",
                "Rovers needed only a draw, but they made hard work of it. Millbrook led at half-time "
                "through a deflected free kick, and the home side did not equalise until Tomasz Nowak's "
                "shot squeezed under the goalkeeper on the hour.",
            ),
            QuoteBlock(
                "I have not got a voice left and I do not care. These players deserve every bit of this",
                "Rovers manager Graham Tully",
            ),
            paragraphs(
                "When Reid met Danny Okoro's corner at the near post, the 11,000 supporters in the "
                "ground drowned out the stadium announcer for several minutes. Hundreds ran on to the "
                "pitch at the final whistle.",
                "It is Rovers' <strong>first promotion in 17 years</strong>.",
            ),
            PhotoBlock(
                staff_photo(
                    "kestrel-park-celebrations.jpg",
                    "Tomas Berg",
                    caption="Supporters celebrate on the pitch at the final whistle.",
                    alt_text=(
                        "Hundreds of fans in blue scarves crowd a football pitch, some waving flags, "
                        "with the stands behind them."
                    ),
                )
            ),
            paragraphs("The club will hold an open-top bus parade along Harbour Road this weekend."),
        ),
    ),
    DemoStory(
        slug="regatta-old-course",
        section="sport",
        headline="Alder regatta returns to its old course after the bridge repairs",
        deck=(
            "For the first time in four years, crews will race the full mile from the Gasworks to "
            "Custom House Quay."
        ),
        bylines=("aisha-bello", "jonas-lindqvist"),
        contributors=("clara-dubois",),
        tags=("Rowing", "Regatta", "River Alder"),
        published_ago=timedelta(days=13, hours=4),
        lead_photo=ap_photo(
            "regatta-eights-bridge.jpg",
            "Marcus Hale",
            caption="Crews practise under the Alder Bridge ahead of the regatta.",
            alt_text=(
                "Two rowing eights race side by side on a wide river, passing beneath the arches of a "
                "stone bridge."
            ),
        ),
        body=(
            paragraphs(
                "The Alder regatta will return to its traditional mile-long course this summer, after "
                "four years in which repairs to the Alder Bridge forced organisers to race over a "
                "shorter stretch upstream.",
                "More than 180 crews have entered, the most since the course was moved, including "
                "university eights from across the country and a record 34 junior crews.",
            ),
            QuoteBlock(
                "The old course is the one everyone wants. You finish in front of the whole city, not "
                "in front of a car park",
                "Regatta secretary Fiona McAllister",
            ),
            paragraphs(
                "The bridge's new central arch is wider than the old one, which organisers say should "
                "end the <em>notorious</em> bottleneck that caused several clashes between crews before "
                "the repairs."
            ),
            PhotoBlock(
                staff_photo(
                    "junior-crew-boathouse.jpg",
                    "Rosa Lindgren",
                    caption="A junior crew carries its boat out of the Alder Rowing Club boathouse.",
                    alt_text=(
                        "Eight teenagers carry a long white rowing boat upside down on their shoulders "
                        "down a slipway to the river."
                    ),
                )
            ),
            paragraphs(
                'The racing timetable will be published <a href="https://regatta.example.org/timetable">'
                "a week before the event</a>."
            ),
        ),
    ),
    DemoStory(
        slug="herons-league-title",
        section="sport",
        headline="Herons win the league title in overtime",
        deck=(
            "Port Alder's women's basketball team came back from eleven points down in the final "
            "quarter to beat Westbury 88-84."
        ),
        bylines=("aisha-bello",),
        tags=("Basketball", "Port Alder Herons"),
        published_ago=timedelta(days=17, hours=2),
        lead_photo=ap_photo(
            "herons-trophy-lift.jpg",
            "Yuki Tanaka",
            caption="The Herons lift the league trophy at the Riverside Arena.",
            alt_text=(
                "Basketball players in white and teal jerseys jump together on court, one holding a "
                "silver trophy above her head."
            ),
        ),
        body=(
            paragraphs(
                "The Port Alder Herons are league champions for the first time, after beating the "
                "Westbury Flames 88-84 in overtime in front of a sold-out Riverside Arena.",
                "The Herons trailed by eleven points with six minutes of normal time left. Captain "
                "Shauna Obi scored nine of her 27 points in that stretch, and Mei Lin Carter's "
                "three-pointer with four seconds remaining forced overtime.",
            ),
            QuoteBlock(
                "At eleven down I looked at the bench and nobody looked worried. That is when I knew",
                "Herons captain Shauna Obi",
            ),
            paragraphs(
                "In overtime the Herons' defence held Westbury to a single basket. Carter, who finished "
                "with 19 points, was named the final's <strong>most valuable player</strong>."
            ),
            PhotoBlock(
                staff_photo(
                    "herons-fans-arena.jpg",
                    "Tomas Berg",
                    caption="Herons fans during the final minutes of overtime.",
                    alt_text=(
                        "A packed stand of supporters in teal shirts on their feet, several with their "
                        "hands over their mouths."
                    ),
                )
            ),
            paragraphs(
                "The team, founded only six years ago, played its first seasons in a school sports hall "
                "with seats for 200."
            ),
        ),
    ),
    DemoStory(
        slug="marathon-finish-quay",
        section="sport",
        headline="City marathon to finish on the quay for the first time",
        deck=(
            "The new route avoids the Castle Road hill that runners have complained about for years, "
            "and ends beside the water."
        ),
        desk_byline="Staff",
        contributors=("aisha-bello",),
        tags=("Running", "Marathon", "Harbour"),
        related=("regatta-old-course",),
        published_ago=timedelta(days=19, hours=1),
        lead_photo=courtesy_photo(
            "marathon-embankment-runners.jpg",
            "Port Alder Marathon",
            caption="Runners on the embankment during last year's race.",
            alt_text=(
                "A long stream of runners in bright vests on a riverside road lined with spectators "
                "behind metal barriers."
            ),
        ),
        body=(
            paragraphs(
                "This year's Port Alder Marathon will finish on Custom House Quay instead of in "
                "Victoria Park, and its route will no longer climb Castle Road in the final five miles.",
                "Organisers said the change would make the race faster and easier to watch, and would "
                "bring spectators to the harbour's cafes and bars.",
            ),
            QuoteBlock(
                "Castle Road has broken more runners than any wall. We will not miss it",
                "Race director Paul Ndiaye",
            ),
            paragraphs(
                "The route now crosses the river twice, on the Alder Bridge and the new footbridge at "
                "the Gasworks, and passes the shipyard and the rope works. Entries open <strong>next "
                "week</strong> and are capped at 8,000."
            ),
            PhotoBlock(
                staff_photo(
                    "custom-house-quay.jpg",
                    "Rosa Lindgren",
                    caption="Custom House Quay, where the new finish line will be.",
                    alt_text=(
                        "A wide paved quay beside moored sailing boats, with a row of old warehouses "
                        "turned into cafes."
                    ),
                )
            ),
            paragraphs(
                'The full route map is <a href="https://marathon.example.org/route">on the race website</a>.'
            ),
        ),
    ),
    DemoStory(
        slug="graham-tully-interview",
        section="sport",
        kicker="Interview",
        headline="Graham Tully: ‘We will not change who we are’",
        deck="The Rovers manager on promotion, next season's budget and why he still drives the team bus.",
        bylines=("jonas-lindqvist",),
        contributors=("aisha-bello",),
        tags=("Football", "Port Alder Rovers", "Interviews"),
        related=("rovers-seal-promotion", "promotion-paying-for-it"),
        scheduled_in=timedelta(days=2),
        lead_photo=staff_photo(
            "graham-tully-training-ground.jpg",
            "Tomas Berg",
            caption="Graham Tully at the Rovers training ground.",
            alt_text=(
                "A middle-aged man in a club tracksuit stands with folded arms on a muddy training "
                "pitch, with cones scattered behind him."
            ),
        ),
        body=(
            paragraphs(
                "Graham Tully has been Rovers manager for six years, and for most of them he has driven "
                "the team bus to away games himself. He does not intend to stop now that the club has "
                "been promoted.",
                "We met at the training ground a few days after the win over Millbrook. He was still hoarse.",
            ),
            QuoteBlock(
                "The moment you think you are too important to drive the bus, you have lost the "
                "dressing room",
                "Graham Tully",
            ),
            paragraphs(
                "Tully is candid about the gap his team faces. The average wage bill in the division "
                "above is more than twice Rovers', and he expects to lose at least two players to bigger "
                "clubs this summer.",
                "His plan is the one that got them promoted: young players from the club's own academy, "
                "a high press and <em>no</em> expensive short-term signings.",
            ),
            PhotoBlock(
                staff_photo(
                    "rovers-academy-training.jpg",
                    "Tomas Berg",
                    caption="Rovers academy players training with the first team.",
                    alt_text=(
                        "Young footballers in blue bibs running through a passing drill on a training "
                        "pitch at dusk."
                    ),
                )
            ),
            paragraphs("Rovers' first fixture in the new division will be announced next month."),
        ),
    ),
)

OPINION_STORIES = (
    DemoStory(
        slug="ferry-living-room-column",
        section="opinion",
        kicker="Column",
        headline="The ferry is the city's living room. Let's treat it like one",
        deck=(
            "Cutting sailings saves money on paper, but it takes something from Port Alder that no "
            "spreadsheet measures."
        ),
        bylines=("ingrid-solberg",),
        tags=("Ferries", "Transport", "Civic life"),
        related=("harbour-ferry-timetable-cut", "night-ferry-debut-novel"),
        published_ago=timedelta(hours=20),
        lead_photo=staff_photo(
            "ferry-cabin-evening.jpg",
            "Rosa Lindgren",
            caption="Passengers in the cabin of the evening ferry.",
            alt_text=(
                "People seated on wooden benches in a ferry cabin, some reading and one asleep against a "
                "window that shows the dark river."
            ),
        ),
        body=(
            paragraphs(
                "Every city has a place where everyone ends up sooner or later. In Port Alder, it is the "
                "ferry.",
                "On a single crossing you will find surgeons and schoolchildren, tourists and dockers, "
                "a man with a bicycle and a woman with a cello. For fifteen minutes they share a bench "
                "and a view of the river, and nobody is in charge of anybody.",
            ),
            QuoteBlock(
                "A ferry is a bridge that lets you talk to strangers",
                "A regular passenger, in a letter to the Gazette",
            ),
            paragraphs(
                "This week the operator said it would halve the service because it cannot find enough "
                "crew. That is a real problem with real causes, and I do not doubt its managers are "
                "doing their best. But city hall has responded as if the ferry were a transport line "
                "like any other, to be measured in passengers per hour.",
                "It is more than that. It is the one place where Northbank and the old town still meet.",
            ),
            PhotoBlock(FERRY_PIER, caption="The morning queue at Harbour Road pier."),
            paragraphs(
                "The council should do what other port cities have done: treat the crossing as public "
                "space, pay for the crews it needs, and <strong>stop counting only the fares</strong>."
            ),
        ),
    ),
    DemoStory(
        slug="budget-deal-editorial",
        section="opinion",
        kicker="Our view",
        headline="The budget deal was the right call, but it only buys a year",
        deck=(
            "Keeping three libraries open was worth a late-night compromise. Paying for it from "
            "reserves is not a plan."
        ),
        desk_byline="Editorial Board",
        tags=("Budget", "City council", "Libraries"),
        related=("council-budget-libraries-deal",),
        seo_description=(
            "The Gazette's view: the council was right to save three libraries, but spending reserves "
            "only postpones the hard choices."
        ),
        published_ago=timedelta(days=5, hours=20),
        lead_photo=staff_photo(
            "upper-quay-library.jpg",
            "Rosa Lindgren",
            caption="Upper Quay library, one of the three branches saved by the budget deal.",
            alt_text=(
                "A small single-storey brick library with a children's mural beside the door and "
                "bicycles parked outside."
            ),
        ),
        body=(
            paragraphs(
                "The council was right to save the libraries in Saltmarsh, Fenwick and Upper Quay. "
                "Branch libraries are among the few places left in the city where anyone can sit for "
                "an hour without buying anything, and these three serve some of Port Alder's poorest "
                "streets.",
                "But the way the money was found should worry everyone, whichever way they voted.",
            ),
            QuoteBlock(
                "A one-year fix for a permanent problem",
                "Opposition leader Kwabena Asante, during the budget debate",
            ),
            paragraphs(
                "A third of the cost is coming from reserves, which can only be spent once. Next year "
                "the gap will be back, larger, and the council will have less to fill it with.",
                "What the city needs is an honest, <em>multi-year</em> plan for its libraries: which "
                "buildings it can keep, which could share space with health centres or schools, and "
                "what it would cost to run them properly.",
            ),
            PhotoBlock(
                staff_photo(
                    "fenwick-library-reading-club.jpg",
                    "Rosa Lindgren",
                    caption="A weekend reading club at Fenwick library.",
                    alt_text=(
                        "Children sitting cross-legged on a colourful carpet, listening to a librarian "
                        "read from a picture book."
                    ),
                )
            ),
            paragraphs(
                "The council has a year to write that plan. It should start now, and it should start by "
                "asking the people who use the libraries."
            ),
        ),
    ),
    DemoStory(
        slug="promotion-paying-for-it",
        section="opinion",
        kicker="Column",
        headline="Promotion is the easy part. Paying for it is harder",
        deck=(
            "Rovers have earned their place in the division above. Staying there will test the club's "
            "finances as much as its players."
        ),
        bylines=("jonas-lindqvist",),
        tags=("Football", "Port Alder Rovers", "Sport business"),
        related=("rovers-seal-promotion",),
        published_ago=timedelta(days=3, hours=22),
        lead_photo=agency_photo(
            "kestrel-park-east-stand.jpg",
            "Sofia Brandt",
            "AFP",
            caption="The east stand at Kestrel Park, which needs new seating before next season.",
            alt_text=(
                "An empty football stand with rows of faded blue plastic seats, several of them broken, "
                "under a corrugated roof."
            ),
        ),
        body=(
            paragraphs(
                "Nobody who was at Kestrel Park last weekend will forget Callum Reid's header. But the "
                "hard work for Port Alder Rovers starts now, and most of it will happen in an office "
                "rather than on the pitch.",
                "The division above is richer, and its rules are stricter. Rovers must put new seats in "
                "the east stand, upgrade their floodlights and add a second television gantry before "
                "the first home game.",
            ),
            QuoteBlock(
                "We have three months to do eighteen months of building work",
                "Rovers chief executive Anita Sharma",
            ),
            paragraphs(
                "The extra broadcasting money will help, but it arrives in instalments and will not "
                "cover a wage bill that needs roughly to double to compete. Clubs that have tried to "
                "spend their way to safety have often ended up <strong>relegated and in debt</strong>.",
                "Rovers' best hope is the one that got them here: a manager who trusts young players "
                "and a board that does not panic.",
            ),
            PhotoBlock(
                staff_photo(
                    "rovers-supporters-scarves.jpg",
                    "Tomas Berg",
                    caption="Supporters at Kestrel Park on the final day of the season.",
                    alt_text=(
                        "A close view of fans in a stand holding blue-and-white scarves stretched above "
                        "their heads."
                    ),
                )
            ),
            paragraphs(
                "The club has promised to publish its budget for next season at the supporters' trust's "
                "annual meeting. It should, and supporters should read it closely."
            ),
        ),
    ),
    DemoStory(
        slug="rail-yards-changed-my-mind",
        section="opinion",
        kicker="Column",
        headline="Why I changed my mind about building on the rail yards",
        deck=(
            "I spent years arguing that the old yards should become a park. The housing figures have "
            "convinced me otherwise."
        ),
        bylines=("ingrid-solberg",),
        tags=("Housing", "Rail yards", "Civic life"),
        lead_photo=staff_photo(
            "rail-yards-wildflowers.jpg",
            "Rosa Lindgren",
            caption="Wildflowers growing between the tracks of the disused rail yards.",
            alt_text=(
                "Yellow and purple wildflowers growing thickly between rusted rails, with a derelict "
                "signal box in the background."
            ),
        ),
        body=(
            paragraphs(
                "For most of the past decade I have argued, in this column and at more public meetings "
                "than I can count, that the old rail yards should become a park. I no longer think so.",
                "What changed my mind was not the mayor's announcement but the waiting list: eleven "
                "thousand households, many of them families living in a single room.",
            ),
            QuoteBlock(
                "We can have a beautiful park that our children cannot afford to live near",
                "A reader, in a letter I have not been able to stop thinking about",
            ),
            paragraphs(
                "A park would be lovely. But most homes in the city are already a short walk from green "
                "space, and there is almost nowhere else to build at this scale. The plan should "
                "include <em>generous</em> open space, not instead of homes but among them."
            ),
            PhotoBlock(
                staff_photo(
                    "rail-yards-signal-box.jpg",
                    "Rosa Lindgren",
                    caption="The old signal box at the edge of the rail yards.",
                    alt_text=(
                        "A small two-storey wooden signal box with broken windows, surrounded by long "
                        "grass and rails."
                    ),
                )
            ),
            paragraphs(
                "I will keep arguing for trees, play areas and a path along the river. I will not argue "
                "against the homes."
            ),
        ),
    ),
)

STORIES = (
    NEWS_STORIES + POLITICS_STORIES + BUSINESS_STORIES + CULTURE_STORIES + SPORT_STORIES + OPINION_STORIES
)

# The home page's front as the demo's editors arranged it, lead first: the ferry cuts lead
# although the water appeal is newer, as an editor would decide.
HOME_FRONT = (
    "harbour-ferry-timetable-cut",
    "heatwave-water-appeal",
    "first-time-voters-survey",
    "harbour-jazz-free-stage",
)
# A change already scheduled: when the rope works story goes out (it is scheduled), it leads.
HOME_FRONT_CHANGE_LEAD = "rope-works-startups"
