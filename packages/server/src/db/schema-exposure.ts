/** Tables of the exposure module (inventories, components, affect rules, exposures). */
export interface ExposureTables {
  inventories: {
    id: string;
    org_id: string;
    name: string;
    description: string;
    last_upload_id: string | null;
    created_by: string | null;
    created_at: string;
    updated_at: string;
  };
  inventory_uploads: {
    id: string;
    inventory_id: string;
    filename: string;
    format: string;
    sha256: string;
    report: unknown;
    created_by: string | null;
    created_at: string;
  };
  components: {
    id: string;
    inventory_id: string;
    org_id: string;
    identity_key: string;
    name: string;
    vendor: string | null;
    version: string | null;
    purl: string | null;
    cpe: string | null;
    model_number: string | null;
    hashes: unknown;
    site: string | null;
    source: string;
    removed_at: string | null;
    created_at: string;
    updated_at: string;
  };
  component_keys: { key: string; component_id: string };
  vuln_sources: {
    id: string;
    kind: string;
    ref_id: string;
    tracking_id: string;
    title: string;
    publisher: string;
    url: string | null;
    tlp: string;
    audience: unknown;
    active: number;
    updated_at: string;
  };
  vuln_rules: { source_id: string; vuln_key: string; key: string; rule: unknown };
  source_vulnerabilities: { source_id: string; vuln_key: string; summary: unknown };
  exposures: {
    id: string;
    org_id: string;
    inventory_id: string;
    component_id: string;
    vuln_key: string;
    confidence: string;
    triage: string;
    alerting: number;
    status: string;
    justification: string | null;
    note: string;
    risk_accepted_until: string | null;
    suppression_id: string | null;
    product_label: string;
    fixed_version: string | null;
    source_ids: unknown;
    matched: number;
    priority_tier: string;
    priority_score: number;
    first_seen_at: string;
    acknowledged_at: string | null;
    resolved_at: string | null;
    updated_at: string;
  };
  exposure_events: {
    id: string;
    exposure_id: string;
    actor_id: string | null;
    from_status: string | null;
    to_status: string;
    note: string;
    at: string;
  };
  suppressions: {
    id: string;
    org_id: string;
    identity_key: string;
    label: string;
    vuln_key: string | null;
    reason: string;
    expires_at: string;
    created_by: string | null;
    created_at: string;
  };
}
