"""Sign-in security (issue #16 §4 and §8): the client's address behind trusted proxies, sign-in
limits kept in the database, the second factor (TOTP) for the roles that see personal data, and
personal API tokens."""
