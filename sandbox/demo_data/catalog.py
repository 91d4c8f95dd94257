"""Fictional companies, names and titles for the demo organization's leads and contacts."""

from __future__ import annotations

from typing import NamedTuple


class Company(NamedTuple):
    """A fictional customer or prospect."""

    name: str
    domain: str
    industry: str
    city: str
    country: str
    currency: str


COMPANIES = (
    Company("Acorn & Vale Outfitters", "acornvale.com", "Retail", "Portland", "US", "USD"),
    Company(
        "Aldergrove Credit Union",
        "aldergrove-cu.org",
        "Financial Services",
        "Vancouver",
        "CA",
        "CAD",
    ),
    Company("Amberline Pharmacies", "amberline-rx.com", "Healthcare", "Columbus", "US", "USD"),
    Company("Basalt Mining Supply", "basaltsupply.com", "Manufacturing", "Reno", "US", "USD"),
    Company("Bluefin Seafood Co.", "bluefinseafood.co", "Retail", "Boston", "US", "USD"),
    Company(
        "Brassworks Manufacturing", "brassworks-mfg.com", "Manufacturing", "Cleveland", "US", "USD"
    ),
    Company("Cedar Ridge Schools", "cedarridge.k12.us", "Education", "Boulder", "US", "USD"),
    Company("Cinder & Oak Hospitality", "cinderoak.com", "Retail", "Nashville", "US", "USD"),
    Company(
        "Clearpath Telematics", "clearpath-telematics.com", "Logistics", "Detroit", "US", "USD"
    ),
    Company("Coastal Grid Energy", "coastalgrid.energy", "Energy", "San Diego", "US", "USD"),
    Company("Driftwood Media Group", "driftwoodmedia.com", "SaaS", "Los Angeles", "US", "USD"),
    Company("Ember Analytics GmbH", "ember-analytics.de", "SaaS", "Berlin", "DE", "EUR"),
    Company("Fernhill Dental Partners", "fernhilldental.com", "Healthcare", "Raleigh", "US", "USD"),
    Company("Foxglove Biotech", "foxglovebio.com", "Healthcare", "Cambridge", "US", "USD"),
    Company("Galloway Freight Lines", "gallowayfreight.com", "Logistics", "Memphis", "US", "USD"),
    Company(
        "Granite Peak Insurance", "granitepeak-ins.com", "Financial Services", "Denver", "US", "USD"
    ),
    Company(
        "Harbor & Finch Legal", "harborfinch.law", "Financial Services", "Chicago", "US", "USD"
    ),
    Company("Hollowbrook Farms", "hollowbrookfarms.com", "Retail", "Des Moines", "US", "USD"),
    Company("Ironbark Construction", "ironbark.com.au", "Manufacturing", "Sydney", "AU", "AUD"),
    Company("Juniper Health", "juniperhealth.com", "Healthcare", "Austin", "US", "USD"),
    Company("Kettle & Crane Coffee", "kettlecrane.com", "Retail", "Seattle", "US", "USD"),
    Company("Lakeshore Learning Labs", "lakeshorelabs.edu", "Education", "Madison", "US", "USD"),
    Company("Larkspur Software", "larkspur.dev", "SaaS", "San Francisco", "US", "USD"),
    Company("Lumen Street Bank", "lumenstreet.bank", "Financial Services", "New York", "US", "USD"),
    Company("Marlow & Pike Retail", "marlowpike.co.uk", "Retail", "Manchester", "GB", "GBP"),
    Company("Meridian Solar", "meridiansolar.com", "Energy", "Phoenix", "US", "USD"),
    Company(
        "Northgate Robotics", "northgaterobotics.com", "Manufacturing", "Pittsburgh", "US", "USD"
    ),
    Company("Oakhurst Senior Living", "oakhurstliving.com", "Healthcare", "Tampa", "US", "USD"),
    Company("Orbital Freight", "orbitalfreight.com", "Logistics", "Atlanta", "US", "USD"),
    Company("Palisade Security", "palisadesec.com", "SaaS", "Arlington", "US", "USD"),
    Company("Pinecrest Outdoor", "pinecrestoutdoor.com", "Retail", "Salt Lake City", "US", "USD"),
    Company(
        "Quarry Lane Architects", "quarrylane.com", "Manufacturing", "Minneapolis", "US", "USD"
    ),
    Company("Redwood Ledger", "redwoodledger.com", "Financial Services", "Sacramento", "US", "USD"),
    Company("Saltmarsh Shipping", "saltmarsh.nl", "Logistics", "Rotterdam", "NL", "EUR"),
    Company("Sequoia Clinical Labs", "sequoiaclinical.com", "Healthcare", "San Jose", "US", "USD"),
    Company("Skyward Airlines Cargo", "skywardcargo.com", "Logistics", "Dallas", "US", "USD"),
    Company("Sparrow Hill Wines", "sparrowhill.wine", "Retail", "Napa", "US", "USD"),
    Company("Tidewater Utilities", "tidewater-utilities.com", "Energy", "Norfolk", "US", "USD"),
    Company("Trellis Education", "trellisedu.com", "Education", "Philadelphia", "US", "USD"),
    Company("Umber Textiles", "umbertextiles.com", "Manufacturing", "Charlotte", "US", "USD"),
    Company("Verdant Grocers", "verdantgrocers.com", "Retail", "Sacramento", "US", "USD"),
    Company("Wavecrest Telecom", "wavecrest.net", "SaaS", "Miami", "US", "USD"),
    Company("Willowmere Hotels", "willowmere.co.uk", "Retail", "London", "GB", "GBP"),
    Company("Zephyr Wind Partners", "zephyrwind.com", "Energy", "Omaha", "US", "USD"),
)

FIRST_NAMES = tuple(
    [
        "Avery",
        "Blake",
        "Camila",
        "Darius",
        "Emma",
        "Felix",
        "Grace",
        "Hiro",
        "Isabel",
        "Jonas",
        "Kara",
        "Liam",
        "Maya",
        "Noah",
        "Olivia",
        "Pedro",
        "Quinn",
        "Rosa",
        "Sofia",
        "Theo",
        "Uma",
        "Victor",
        "Wendy",
        "Xavier",
        "Yara",
        "Zane",
        "Nina",
        "Omar",
        "Lena",
        "Ivan",
    ]
)
LAST_NAMES = tuple(
    [
        "Abbott",
        "Barnes",
        "Castillo",
        "Dawson",
        "Ellis",
        "Fischer",
        "Garcia",
        "Hughes",
        "Ibarra",
        "Jensen",
        "Kim",
        "Lopez",
        "Moreau",
        "Nakamura",
        "Ortiz",
        "Patel",
        "Quinlan",
        "Russo",
        "Schmidt",
        "Turner",
        "Usman",
        "Vargas",
        "Walsh",
        "Xu",
        "Young",
        "Zimmerman",
        "Novak",
        "Reid",
    ]
)
TITLES = tuple(
    [
        "CEO",
        "CFO",
        "COO",
        "VP of Sales",
        "VP of Engineering",
        "Head of Data",
        "Director of IT",
        "Operations Manager",
        "Data Analyst",
        "Procurement Manager",
        "BI Lead",
        "Controller",
        "Head of Growth",
        "IT Manager",
        "Chief Data Officer",
        "Finance Manager",
    ]
)
