"""People's verbs. For now: whether an account looks fake or bought, from what its profile shows."""

from __future__ import annotations

from fireside.people.models import Identity
from fireside.understand.authenticity import audit_account


def audit_identity(identity: Identity) -> bool:
    """Score the identity with `fireside.understand.authenticity`; True if the score changed.

    Only what a platform told us counts as evidence: an email sender or a blog commenter, with
    no counts at all, gets no score rather than a guess. Caller saves.
    """
    if identity.followers_count is None and identity.following_count is None:
        return False
    account = {
        "id": identity.handle,
        "screen_name": identity.handle.lstrip("@").split("@")[0].split(".")[0],
        "name": identity.display_name,
        "description": identity.bio,
        "followers_count": identity.followers_count,
        "friends_count": identity.following_count,
        "statuses_count": identity.posts_count,
        "created_at": identity.account_created_at.isoformat()
        if identity.account_created_at
        else None,
    }
    audit = audit_account({k: v for k, v in account.items() if v is not None})
    score = round(audit.fake_score, 4)
    if identity.fake_score == score and identity.fake_reasons == audit.reasons:
        return False
    identity.fake_score = score
    identity.fake_reasons = audit.reasons
    return True


# The People page flags accounts from here up. The audit's own decision is at 0.5 (see
# BENCHMARKS.md); small genuine accounts (few followers, no bio) often land between the two,
# and a person should not be shown as fake on that alone.
FAKE_THRESHOLD = 0.7
