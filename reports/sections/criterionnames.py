"""The short names of the WCAG 2.1 A and AA success criteria, for the sample's checklist.

Swedish is the source (the report's language); the English names, WCAG 2.1's own
(W3C Recommendation, 5 June 2018), are the English catalogue's entries
(reports/locale/en/sample.json). The Swedish names follow the W3C-authorised Swedish
translation of WCAG 2.1 as closely as this list could be checked without a copy at hand:
they label a checklist row beside the criterion's number, which is what identifies it.
"""

from __future__ import annotations

from types import MappingProxyType

CRITERION_NAMES_SV = MappingProxyType({
    "1.1.1": "Icke-textuellt innehåll",
    "1.2.1": "Enbart ljud och enbart video (förinspelat)",
    "1.2.2": "Undertexter (förinspelat)",
    "1.2.3": "Syntolkning eller mediealternativ (förinspelat)",
    "1.2.4": "Undertexter (direktsänt)",
    "1.2.5": "Syntolkning (förinspelat)",
    "1.3.1": "Information och relationer",
    "1.3.2": "Meningsfull ordningsföljd",
    "1.3.3": "Sensoriska kännetecken",
    "1.3.4": "Visningsriktning",
    "1.3.5": "Identifiera inmatningens syfte",
    "1.4.1": "Användning av färg",
    "1.4.2": "Ljudkontroll",
    "1.4.3": "Kontrast (minimum)",
    "1.4.4": "Ändra textstorlek",
    "1.4.5": "Bilder av text",
    "1.4.10": "Omflytning",
    "1.4.11": "Kontrast för icke-textuellt innehåll",
    "1.4.12": "Textavstånd",
    "1.4.13": "Innehåll vid hovring eller fokus",
    "2.1.1": "Tangentbord",
    "2.1.2": "Inga tangentbordsfällor",
    "2.1.4": "Kortkommandon med tecken",
    "2.2.1": "Justerbar tidsgräns",
    "2.2.2": "Pausa, stoppa, dölj",
    "2.3.1": "Tre blinkningar eller under tröskelvärdet",
    "2.4.1": "Hoppa över block",
    "2.4.2": "Sidtitel",
    "2.4.3": "Fokusordning",
    "2.4.4": "Syftet med länken (i sitt sammanhang)",
    "2.4.5": "Flera sätt",
    "2.4.6": "Rubriker och etiketter",
    "2.4.7": "Synligt fokus",
    "2.5.1": "Pekargester",
    "2.5.2": "Pekaravbrytning",
    "2.5.3": "Etikett i namn",
    "2.5.4": "Rörelseaktivering",
    "3.1.1": "Sidans språk",
    "3.1.2": "Språk för delar",
    "3.2.1": "Vid fokus",
    "3.2.2": "Vid inmatning",
    "3.2.3": "Konsekvent navigering",
    "3.2.4": "Konsekvent identifiering",
    "3.3.1": "Identifiering av fel",
    "3.3.2": "Etiketter eller instruktioner",
    "3.3.3": "Förslag vid fel",
    "3.3.4": "Förhindra fel (juridiska, ekonomiska, data)",
    "4.1.1": "Parsning",
    "4.1.2": "Namn, roll, värde",
    "4.1.3": "Statusmeddelanden",
})  # fmt: skip
