"""Exception families seen in retail operations, as material for the sample logs.

Each family names the systems it crosses, the fields of its payload (the usual shape and a
few other shapes the same error code arrives with when the process is at fault), the
messages that describe a schema mismatch or a missing rule, and the ways it gets resolved.
`data/generate_samples.py` turns them into logs.
"""

from __future__ import annotations

from dataclasses import dataclass

Shape = tuple[tuple[str, str], ...]  # (field path, value kind); "a.b" nests, "a[].b" repeats


@dataclass(frozen=True)
class Family:
    code: str
    boundaries: tuple[tuple[str, str], ...]
    shape: Shape
    variants: tuple[Shape, ...]
    schema: tuple[str, ...]
    rule: tuple[str, ...]
    standard: str
    others: tuple[str, ...]


NEUTRAL = (
    "Exception raised on {ref}",
    "Discrepancy found on {ref}",
    "Record {ref} flagged by the nightly check",
    "{ref} needs attention",
)

_ORDER: Shape = (("order_id", "order"), ("lines[].sku", "sku"), ("lines[].qty", "qty"))
_RETURN_POS: Shape = (
    ("store", "store"),
    ("receipt", "receipt"),
    ("sku", "sku"),
    ("reason", "reason"),
)
_AMAZON: Shape = (("amazon_order", "amazon_order"), ("asin", "asin"), ("return_reason", "reason"))

FAMILIES = (
    Family(
        "INV_SYNC_DRIFT",
        (("WMS", "Shopify"), ("WMS", "NetSuite"), ("NetSuite", "Shopify")),
        (("sku", "sku"), ("location", "location"), ("on_hand", "qty"), ("snapshot_at", "datetime")),
        ((("item", "sku_plain"), ("qty", "qty_text"), ("site", "store")),),
        (
            "Quantity field for {ref} rejected: decimal precision not accepted",
            "SKU format of {ref} not recognised by the storefront",
            "Location code mapping missing for {ref}",
        ),
        (
            "No rule for which system wins when counts for {ref} disagree",
            "Cycle count adjustment on {ref} awaiting approval",
        ),
        "Re-sent inventory snapshot",
        ("Adjusted count by hand", "Waited for next sync", "Escalated to IT"),
    ),
    Family(
        "REFUND_AMOUNT_MISMATCH",
        (("Stripe", "NetSuite"), ("Shopify", "NetSuite"), ("Adyen", "NetSuite")),
        (
            ("refund_id", "refund"),
            ("order_id", "order"),
            ("amount", "amount"),
            ("currency", "currency"),
        ),
        ((("order", "order"), ("refund_cents", "cents"), ("reason", "reason")),),
        (
            "Currency precision mismatch on refund {ref}",
            "Unknown status code on refund {ref}: partial_refund not mapped",
            "Amount field format invalid for {ref}",
        ),
        (
            "No policy for partial refunds over the tolerance on {ref}",
            "Refund {ref} needs approver sign-off",
        ),
        "Replayed refund webhook",
        ("Posted refund by hand", "Credited customer", "Escalated to finance"),
    ),
    Family(
        "RETURN_NO_RMA",
        (("Returns portal", "OMS"), ("POS", "OMS"), ("Amazon", "OMS"), ("Shopify", "OMS")),
        (("rma", "rma"), ("order_id", "order"), ("reason", "reason"), ("items[].sku", "sku")),
        (_RETURN_POS, _AMAZON, (("ticket", "ticket"), ("customer", "email"), ("note", "name"))),
        ("Return reason code format invalid for {ref}", "RMA field missing in payload for {ref}"),
        (
            "No owner for returns without authorisation on {ref}",
            "Return reason on {ref} not covered by any policy",
            "Who approves a return outside the window? {ref} awaiting decision",
        ),
        "Created RMA by hand",
        (
            "Refunded without RMA",
            "Rejected the return",
            "Escalated to returns lead",
            "Issued store credit",
        ),
    ),
    Family(
        "INVOICE_PO_MISMATCH",
        (("Supplier portal", "NetSuite"), ("EDI", "NetSuite")),
        (("invoice", "invoice"), ("po", "po"), ("supplier", "supplier"), ("total", "amount")),
        ((("doc", "invoice"), ("lines[].po_line", "qty"), ("lines[].price", "amount")),),
        ("Invoice {ref} unit of measure field not mapped", "Invoice {ref} currency field invalid"),
        (
            "Invoice {ref} over PO total and no tolerance rule agreed",
            "Invoice {ref} awaiting approval, approver not defined",
            "Price variance on {ref} needs a manual decision",
        ),
        "Held invoice for buyer approval",
        ("Paid invoice as billed", "Short-paid to PO value", "Returned invoice to supplier"),
    ),
    Family(
        "PO_CHANGE_NOT_ACKED",
        (("NetSuite", "EDI"), ("NetSuite", "Supplier portal")),
        (("po", "po"), ("revision", "qty"), ("lines[].sku", "sku"), ("lines[].qty", "qty")),
        ((("po_number", "po"), ("change", "reason")),),
        (
            "EDI 860 for {ref} rejected: segment length too long",
            "PO change {ref} failed schema validation at the VAN",
        ),
        ("No owner chases supplier acknowledgements for {ref}",),
        "Retransmitted EDI 860",
        ("Emailed supplier", "Cancelled PO line", "Escalated to buyer"),
    ),
    Family(
        "PO_AMENDMENT_WMS_GAP",
        (("NetSuite", "WMS"), ("NetSuite", "3PL")),
        (("po", "po"), ("amendment", "qty"), ("lines[].sku", "sku"), ("lines[].qty", "qty")),
        ((("po_ref", "po"), ("dock", "location")),),
        ("Amendment {ref} field mapping to WMS format invalid",),
        (
            "Amendment {ref} accepted by ERP, no rule to push it to the warehouse",
            "No owner for updating open receipts after amendment {ref}",
        ),
        "Updated receipt in WMS by hand",
        (
            "Told the dock by phone",
            "Received against old quantities",
            "Escalated to inventory lead",
        ),
    ),
    Family(
        "BOPIS_CANCEL_NOT_SYNCED",
        (("OMS", "POS"), ("Shopify", "POS"), ("OMS", "Store app")),
        (("order_id", "order"), ("store", "store"), ("cancelled_at", "datetime")),
        (
            (("pickup", "order"), ("store_code", "store"), ("sku", "sku")),
            (("order", "order"), ("customer", "email")),
            (("ref", "order"), ("note", "name"), ("store", "store")),
        ),
        ("Unknown status code for cancelled order {ref} at the POS",),
        (
            "Cancelled pickup {ref}: no procedure to return the item to the shelf",
            "Store {ref} has no owner for cancelled pickups",
            "Cancelled order {ref} awaiting store decision",
        ),
        "Restocked item in store",
        ("Left item on hold", "Called the customer", "Escalated to store manager", "Voided in POS"),
    ),
    Family(
        "GIFTCARD_BALANCE_DIVERGED",
        (("POS", "NetSuite"), ("Shopify", "Gift card platform")),
        (("card", "giftcard"), ("balance", "cents"), ("store", "store")),
        ((("gift_card", "giftcard"), ("amount", "amount")),),
        (
            "Balance field for {ref} sent in cents, ERP expects decimal",
            "Gift card {ref} currency format mismatch",
        ),
        ("Balance dispute on {ref}: no policy on which ledger is right",),
        "Re-synced gift card ledger",
        ("Adjusted balance by hand", "Issued new card", "Escalated to finance"),
    ),
    Family(
        "LOYALTY_POINTS_MISMATCH",
        (("Shopify", "Loyalty platform"), ("POS", "Loyalty platform")),
        (("customer", "customer"), ("order_id", "order"), ("points", "points")),
        ((("member", "email"), ("earned", "points"), ("channel", "channel")),),
        ("Points field type invalid for {ref}",),
        (
            "Points for returned items on {ref}: no rule for clawback",
            "Manual points adjustment on {ref} awaiting approval",
        ),
        "Adjusted points by hand",
        ("Re-sent order to loyalty platform", "Ignored", "Escalated to CRM team"),
    ),
    Family(
        "CUSTOMER_MERGE_CONFLICT",
        (("Shopify", "CRM"), ("Loyalty platform", "CRM"), ("POS", "CRM")),
        (("customer", "customer"), ("email", "email"), ("linked_account", "customer")),
        (
            (("profile_a", "customer"), ("profile_b", "customer"), ("match", "reason")),
            (("email", "email"), ("phone", "phone")),
            (("member", "customer"), ("store", "store")),
        ),
        ("Customer field length too long for {ref}",),
        (
            "No rule for which profile survives a merge on {ref}",
            "Merge of {ref} needs owner decision",
            "Duplicate profiles {ref}: policy undefined",
        ),
        "Unmerged profiles by hand",
        ("Kept newest profile", "Kept oldest profile", "Escalated to CRM team", "Merged manually"),
    ),
    Family(
        "ADDRESS_NOT_WRITTEN_BACK",
        (("Address service", "CRM"), ("Shopify", "CRM")),
        (("customer", "customer"), ("address.line1", "name"), ("address.postcode", "postcode")),
        (
            (("cust", "customer"), ("zip", "postcode")),
            (("order_id", "order"), ("country", "country")),
        ),
        ("Postcode field format invalid for {ref}",),
        (
            "Validated address for {ref} returned, no rule to write it back",
            "Address correction on {ref} awaiting owner",
        ),
        "Copied address into CRM by hand",
        ("Ignored", "Asked customer to update", "Escalated to CRM team"),
    ),
    Family(
        "LABEL_CREDENTIALS_EXPIRED",
        (("3PL", "Carrier API"), ("WMS", "Carrier API")),
        (("shipment", "shipment"), ("carrier", "carrier"), ("account", "account")),
        ((("parcel", "tracking"), ("service", "carrier")),),
        ("Manifest call for {ref} rejected: auth header format invalid",),
        (
            "API credentials expired for {ref}: no owner for the renewal",
            "Manifest for {ref} awaiting credentials, no escalation path",
        ),
        "Renewed credentials and re-manifested",
        ("Printed labels manually", "Switched carrier", "Escalated to IT"),
    ),
    Family(
        "CUSTOMS_DOCS_HOLD",
        (("3PL", "Customs broker"), ("WMS", "Carrier API")),
        (("shipment", "shipment"), ("hs_code", "hs_code"), ("country", "country")),
        (
            (("parcel", "tracking"), ("commodity", "reason")),
            (("order_id", "order"), ("value", "amount")),
        ),
        ("HS code field format invalid for {ref}", "Commercial invoice field missing for {ref}"),
        (
            "Label for {ref} held: no owner for customs paperwork",
            "Customs hold on {ref} awaiting decision",
        ),
        "Completed customs form by hand",
        ("Held shipment", "Shipped without documents", "Escalated to logistics lead"),
    ),
    Family(
        "PIM_ATTRIBUTE_REVERTED",
        (("NetSuite", "PIM"), ("PIM", "Shopify")),
        (("product", "sku"), ("attribute", "attribute"), ("value", "attr_value")),
        ((("item", "sku_plain"), ("attrs", "attribute")),),
        (
            "Attribute {ref} overwritten: field mapping from ERP sends enum in wrong format",
            "PIM rejected {ref}: attribute value not in allowed enum",
        ),
        ("No owner decides whether ERP or PIM is master for {ref}",),
        "Re-applied attribute from PIM",
        ("Edited product by hand", "Ignored", "Escalated to merchandising"),
    ),
    Family(
        "CHANNEL_ORDER_STATUS_MISMATCH",
        (("Amazon", "OMS"), ("eBay", "OMS")),
        (("channel_order", "amazon_order"), ("status", "status"), ("updated_at", "datetime")),
        ((("order", "order"), ("state", "status")),),
        (
            "Unknown status code from channel for {ref}",
            "Status field mapping missing for {ref}",
        ),
        ("Order {ref} in a state nobody defined a rule for",),
        "Re-pulled order status",
        ("Set status by hand", "Cancelled order", "Escalated to channel team"),
    ),
    Family(
        "CONFIRMATION_BEFORE_ERP",
        (("Shopify", "NetSuite"), ("Shopify", "Email service")),
        (("order_id", "order"), ("email", "email"), ("sent_at", "datetime")),
        ((("order", "order"), ("template", "attribute")),),
        ("Order {ref} payload invalid at ERP intake",),
        (
            "Confirmation for {ref} sent before ERP receipt: no rule on send timing",
            "Order {ref} confirmed without owner sign-off",
        ),
        "Held confirmation until ERP receipt",
        ("Sent apology email", "Ignored", "Escalated to e-commerce lead"),
    ),
    Family(
        "PAYMENT_RECON_DELAY",
        (("Adyen", "NetSuite"), ("Stripe", "NetSuite"), ("Adyen", "Finance dashboard")),
        (("payout", "payout"), ("settled", "amount"), ("date", "date")),
        (
            (("batch", "payout"), ("lines[].amount", "amount")),
            (("report", "payout"), ("currency", "currency")),
            (("file", "attribute"), ("rows", "qty")),
        ),
        ("Settlement file {ref} date format invalid",),
        (
            "Payout {ref} unreconciled: no owner for the daily cutoff",
            "Reconciliation of {ref} waiting on manual decision",
            "No policy for fees on {ref}",
        ),
        "Reconciled payout by hand",
        ("Waited for next file", "Posted suspense entry", "Escalated to finance", "Ignored"),
    ),
    Family(
        "SUPPLIER_MOQ_NOT_ENFORCED",
        (("Supplier portal", "Shopify"), ("NetSuite", "Shopify")),
        (("sku", "sku"), ("moq", "qty"), ("ordered", "qty")),
        ((("item", "sku_plain"), ("min", "qty_text")),),
        ("MOQ field for {ref} not mapped to checkout", "MOQ unit field format invalid on {ref}"),
        (
            "Order below MOQ on {ref}: no rule at checkout",
            "Below-MOQ order {ref} awaiting buyer decision",
        ),
        "Topped up order to MOQ",
        ("Cancelled order", "Paid surcharge", "Escalated to buyer"),
    ),
    Family(
        "DAM_ASSET_MISSING",
        (("DAM", "PIM"), ("DAM", "Shopify")),
        (("asset", "asset"), ("product", "sku")),
        ((("image", "asset"), ("alt", "name")),),
        ("Asset {ref} field format invalid",),
        ("Asset {ref} missing: no owner for product imagery",),
        "Re-linked asset",
        ("Uploaded image by hand", "Ignored"),
    ),
)

BY_CODE = {family.code: family for family in FAMILIES}

TEAM = (
    "amara.okafor", "ben.keller", "chloe.roux", "dev.patel", "elena.marsh", "farid.saleh",
    "grace.liu", "hugo.torres", "ines.costa", "jonas.berg", "kemi.adeyemi", "luca.ferri",
)  # fmt: skip
