# 1. The case: evidence, findings, and the pending proposal with its impact preview
curl -s "$VETO/v1/cases/C-0001" -H "Authorization: Bearer $AUDITOR"
# 2. Who may approve: the roster (set at installation, changed only by two approvers); an admin can't mint an approver
curl -s "$VETO/v1/roster" -H "Authorization: Bearer $AUDITOR"
curl -s -X POST "$VETO/v1/tokens" -H "Authorization: Bearer $ADMIN" -d '{"role": "approver", "name": "mallory"}'
# 3. Two approvers, neither of them the proposer, approve; the second approval enforces
curl -s -X POST "$VETO/v1/proposals/P-0001-1/approvals" -H "Authorization: Bearer $APPROVER_A" -d '{"comment": "the metering evidence holds"}'
curl -s -X POST "$VETO/v1/proposals/P-0001-1/approvals" -H "Authorization: Bearer $APPROVER_B" -d '{}'
# 4. Unit 42 writing to storage: deny, naming case C-0001 and its notice
curl -s "$VETO/v1/authorize" -H "Authorization: Bearer $PEP" -d '{"principal": {"type": "User", "id": "analyst-7"}, "action": {"type": "Action", "id": "storage:PutObject"}, "resource": {"type": "Bucket", "id": "u42-intercepts"}}'
# 5. Exporting its data stays allowed during the 30-day export window
curl -s "$VETO/v1/authorize" -H "Authorization: Bearer $PEP" -d '{"principal": {"type": "User", "id": "analyst-7"}, "action": {"type": "Action", "id": "storage:ExportBucket"}, "resource": {"type": "Bucket", "id": "u42-intercepts"}}'
# 6. Unit 17, a sibling unit, is not affected
curl -s "$VETO/v1/authorize" -H "Authorization: Bearer $PEP" -d '{"principal": {"type": "User", "id": "clerk-3"}, "action": {"type": "Action", "id": "storage:PutObject"}, "resource": {"type": "Bucket", "id": "u17-archive"}}'
# 7. The customer reads its notice (DSA Art. 17) and the statement of reasons
curl -s "$VETO/v1/notices/N-0001-1" -H "Authorization: Bearer $CUSTOMER"
curl -s "$VETO/v1/notices/N-0001-1/statement-of-reasons" -H "Authorization: Bearer $CUSTOMER"
# 8. The customer keeps a receipt of its notice and checks it offline, against the log's key and the witness's
curl -s "$VETO/v1/notices/N-0001-1/receipt" -H "Authorization: Bearer $CUSTOMER" -o receipt.json
./veto log verify-receipt receipt.json --key "$LOG_KEY" --witness "$WITNESS_KEY"
# 9. The customer appeals
curl -s -X POST "$VETO/v1/cases/C-0001/appeals" -H "Authorization: Bearer $CUSTOMER" -d '{"statement": "The transcripts serve a court-ordered investigation, not surveillance of civilians."}'
# 10. An approver who took no part in the case reverses; the service is reinstated
curl -s -X POST "$VETO/v1/appeals/A-0001-1/decision" -H "Authorization: Bearer $APPEALS" -d '{"outcome": "reversed", "reasoning": "The court order covers the processing; the finding does not hold."}'
curl -s "$VETO/v1/authorize" -H "Authorization: Bearer $PEP" -d '{"principal": {"type": "User", "id": "analyst-7"}, "action": {"type": "Action", "id": "storage:PutObject"}, "resource": {"type": "Bucket", "id": "u42-intercepts"}}'
# 11. Anyone, without a token: the transparency report (computed from the log's public envelopes), and the checkpoint signed by the log and cosigned by its witness
curl -s "$VETO/v1/transparency/report"
curl -s "$VETO/log/checkpoint"
# 12. Anyone recomputes the report from the public tiles alone, and gets the same bytes
./veto log report --url "$VETO" --key "$LOG_KEY"
