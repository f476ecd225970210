"""French and German wording of the exception families, for the exports with foreign headers.

Per family: the schema messages, the rule messages, the standard action and the other
actions, in the language a team there would type them. Error codes, system names and payload
field names stay as the systems send them. `localised(code, language)` returns the family
with its texts replaced; `NEUTRAL` holds messages that name no cause.
"""

from __future__ import annotations

from dataclasses import replace

from data.families import BY_CODE, Family

Texts = tuple[tuple[str, ...], tuple[str, ...], str, tuple[str, ...]]

FRENCH: dict[str, Texts] = {
    "INV_SYNC_DRIFT": (
        (
            "Champ quantité de {ref} rejeté : précision décimale non acceptée",
            "Format du SKU {ref} non reconnu par la boutique en ligne",
            "Correspondance du code emplacement absente pour {ref}",
        ),
        (
            "Aucune règle pour désigner le système qui fait foi quand les stocks de {ref} "
            "divergent",
            "Ajustement d'inventaire sur {ref} en attente d'approbation",
        ),
        "Renvoi de l'instantané de stock",
        ("Stock corrigé à la main", "Attente de la prochaine synchro", "Escaladé à l'informatique"),
    ),
    "RETURN_NO_RMA": (
        (
            "Format du code motif de retour invalide pour {ref}",
            "Champ RMA absent du contenu pour {ref}",
        ),
        (
            "Aucun responsable pour les retours sans autorisation ({ref})",
            "Le motif de retour de {ref} n'est couvert par aucune politique",
            "Qui valide un retour hors délai ? {ref} en attente de décision",
        ),
        "RMA créé à la main",
        (
            "Remboursé sans RMA",
            "Retour refusé",
            "Escaladé au responsable retours",
            "Avoir magasin émis",
        ),
    ),
    "REFUND_AMOUNT_MISMATCH": (
        (
            "Précision de devise incohérente sur le remboursement {ref}",
            "Code statut inconnu sur le remboursement {ref} : partial_refund non mappé",
            "Format du champ montant invalide pour {ref}",
        ),
        (
            "Aucune politique pour les remboursements partiels au-delà de la tolérance ({ref})",
            "Le remboursement {ref} attend la validation d'un approbateur",
        ),
        "Webhook de remboursement rejoué",
        ("Remboursement saisi à la main", "Client crédité", "Escaladé à la finance"),
    ),
    "INVOICE_PO_MISMATCH": (
        (
            "Unité de mesure de la facture {ref} non mappée",
            "Champ devise de la facture {ref} invalide",
        ),
        (
            "Facture {ref} au-dessus du total de la commande, aucune règle de tolérance convenue",
            "Facture {ref} en attente d'approbation, approbateur non défini",
            "Écart de prix sur {ref} : décision manuelle nécessaire",
        ),
        "Facture bloquée pour approbation acheteur",
        (
            "Facture payée telle que facturée",
            "Payée au montant de la commande",
            "Facture renvoyée au fournisseur",
        ),
    ),
    "BOPIS_CANCEL_NOT_SYNCED": (
        ("Code statut inconnu en caisse pour la commande annulée {ref}",),
        (
            "Retrait annulé {ref} : aucune procédure pour remettre l'article en rayon",
            "Le magasin {ref} n'a pas de responsable pour les retraits annulés",
            "Commande annulée {ref} en attente de décision du magasin",
        ),
        "Article remis en stock en magasin",
        (
            "Article laissé en réserve",
            "Client appelé",
            "Escaladé au directeur de magasin",
            "Annulé en caisse",
        ),
    ),
    "PAYMENT_RECON_DELAY": (
        ("Format de date invalide dans le fichier de règlement {ref}",),
        (
            "Versement {ref} non rapproché : aucun responsable pour la clôture quotidienne",
            "Rapprochement de {ref} en attente d'une décision manuelle",
            "Aucune politique pour les frais sur {ref}",
        ),
        "Versement rapproché à la main",
        (
            "Attente du prochain fichier",
            "Écriture d'attente passée",
            "Escaladé à la finance",
            "Ignoré",
        ),
    ),
    "CHANNEL_ORDER_STATUS_MISMATCH": (
        (
            "Code statut inconnu reçu du canal pour {ref}",
            "Correspondance du champ statut absente pour {ref}",
        ),
        ("Commande {ref} dans un état pour lequel aucune règle n'est définie",),
        "Statut de commande récupéré à nouveau",
        ("Statut modifié à la main", "Commande annulée", "Escaladé à l'équipe canaux"),
    ),
    "CUSTOMER_MERGE_CONFLICT": (
        ("Champ client trop long pour {ref}",),
        (
            "Aucune règle sur le profil conservé lors de la fusion de {ref}",
            "Fusion de {ref} : décision du responsable requise",
            "Profils en double {ref} : politique non définie",
        ),
        "Profils séparés à la main",
        (
            "Profil le plus récent conservé",
            "Profil le plus ancien conservé",
            "Escaladé à l'équipe CRM",
            "Fusionné à la main",
        ),
    ),
    "GIFTCARD_BALANCE_DIVERGED": (
        (
            "Champ solde de {ref} envoyé en centimes, l'ERP attend des décimales",
            "Format de devise incohérent pour la carte cadeau {ref}",
        ),
        ("Litige de solde sur {ref} : aucune politique sur le registre qui fait foi",),
        "Registre des cartes cadeaux resynchronisé",
        ("Solde corrigé à la main", "Nouvelle carte émise", "Escaladé à la finance"),
    ),
}

GERMAN: dict[str, Texts] = {
    "PO_CHANGE_NOT_ACKED": (
        (
            "EDI 860 für {ref} abgelehnt: Segmentlänge überschritten",
            "Bestelländerung {ref} beim VAN an der Schemaprüfung gescheitert",
        ),
        ("Niemand ist zuständig, Lieferantenbestätigungen für {ref} nachzufassen",),
        "EDI 860 erneut übertragen",
        ("Lieferant per E-Mail angeschrieben", "Bestellposition storniert", "An Einkauf eskaliert"),
    ),
    "PO_AMENDMENT_WMS_GAP": (
        ("Feldzuordnung der Änderung {ref} zum WMS-Format ungültig",),
        (
            "Änderung {ref} vom ERP angenommen, keine Regel für die Weitergabe ans Lager",
            "Kein Verantwortlicher für offene Wareneingänge nach Änderung {ref}",
        ),
        "Wareneingang im WMS von Hand angepasst",
        (
            "Rampe telefonisch informiert",
            "Gegen alte Mengen vereinnahmt",
            "An Bestandsleitung eskaliert",
        ),
    ),
    "CUSTOMS_DOCS_HOLD": (
        (
            "Format des Feldes Zolltarifnummer ungültig für {ref}",
            "Feld Handelsrechnung fehlt für {ref}",
        ),
        (
            "Etikett für {ref} zurückgehalten: niemand zuständig für Zollpapiere",
            "Zollsperre für {ref} wartet auf Entscheidung",
        ),
        "Zollformular von Hand ausgefüllt",
        ("Sendung zurückgehalten", "Ohne Dokumente versandt", "An Logistikleitung eskaliert"),
    ),
    "PIM_ATTRIBUTE_REVERTED": (
        (
            "Attribut {ref} überschrieben: Feldzuordnung aus dem ERP liefert Enum im falschen "
            "Format",
            "PIM hat {ref} abgelehnt: Attributwert nicht im erlaubten Enum",
        ),
        ("Niemand entscheidet, ob ERP oder PIM für {ref} führend ist",),
        "Attribut aus dem PIM erneut angewendet",
        ("Artikel von Hand bearbeitet", "Ignoriert", "An Sortimentsteam eskaliert"),
    ),
    "ADDRESS_NOT_WRITTEN_BACK": (
        ("Format des Feldes Postleitzahl ungültig für {ref}",),
        (
            "Geprüfte Adresse für {ref} zurückgeliefert, keine Regel für das Zurückschreiben",
            "Adresskorrektur für {ref} wartet auf einen Verantwortlichen",
        ),
        "Adresse von Hand ins CRM übernommen",
        ("Ignoriert", "Kunde um Aktualisierung gebeten", "An CRM-Team eskaliert"),
    ),
    "LOYALTY_POINTS_MISMATCH": (
        ("Datentyp des Feldes Punkte ungültig für {ref}",),
        (
            "Punkte für retournierte Artikel bei {ref}: keine Regel für die Rückbuchung",
            "Manuelle Punktekorrektur bei {ref} wartet auf Freigabe",
        ),
        "Punkte von Hand korrigiert",
        (
            "Bestellung erneut an die Treueplattform gesendet",
            "Ignoriert",
            "An CRM-Team eskaliert",
        ),
    ),
    "SUPPLIER_MOQ_NOT_ENFORCED": (
        (
            "Feld Mindestbestellmenge für {ref} nicht dem Checkout zugeordnet",
            "Format des Einheitenfeldes der Mindestmenge ungültig bei {ref}",
        ),
        (
            "Bestellung unter Mindestmenge bei {ref}: keine Regel im Checkout",
            "Bestellung {ref} unter Mindestmenge wartet auf Entscheidung des Einkaufs",
        ),
        "Bestellung auf Mindestmenge aufgestockt",
        ("Bestellung storniert", "Zuschlag bezahlt", "An Einkauf eskaliert"),
    ),
    "DAM_ASSET_MISSING": (
        ("Format des Feldes Asset {ref} ungültig",),
        ("Asset {ref} fehlt: niemand zuständig für Produktbilder",),
        "Asset neu verknüpft",
        ("Bild von Hand hochgeladen", "Ignoriert"),
    ),
    "LABEL_CREDENTIALS_EXPIRED": (
        ("Manifest-Aufruf für {ref} abgelehnt: Format des Auth-Headers ungültig",),
        (
            "API-Zugangsdaten für {ref} abgelaufen: niemand zuständig für die Erneuerung",
            "Manifest für {ref} wartet auf Zugangsdaten, kein Eskalationsweg",
        ),
        "Zugangsdaten erneuert und neu manifestiert",
        ("Etiketten von Hand gedruckt", "Spediteur gewechselt", "An IT eskaliert"),
    ),
}

NEUTRAL = {
    "fr": (
        "Exception levée sur {ref}",
        "Écart constaté sur {ref}",
        "Enregistrement {ref} signalé par le contrôle de nuit",
        "{ref} à vérifier",
    ),
    "de": (
        "Ausnahme ausgelöst bei {ref}",
        "Abweichung festgestellt bei {ref}",
        "Datensatz {ref} von der nächtlichen Prüfung markiert",
        "{ref} muss geprüft werden",
    ),
}
LANGUAGES = {"fr": FRENCH, "de": GERMAN}


def localised(code: str, language: str) -> Family:
    """The family with its messages and actions in `language` ("fr" or "de")."""
    schema, rule, standard, others = LANGUAGES[language][code]
    return replace(BY_CODE[code], schema=schema, rule=rule, standard=standard, others=others)
