package dev.veto.control;

import dev.veto.control.notice.NoticeFacts;

/**
 * One notice as issued. Its facts are those of the moment it was issued; later edits (a renamed
 * principle, new evidence) do not rewrite it.
 */
record NoticeState(Event.NoticeIssued issued, State.Stamp issuedAt, NoticeFacts facts) {}
