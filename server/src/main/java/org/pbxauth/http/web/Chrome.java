package org.pbxauth.http.web;

/**
 * What every page's frame shows: the customer's name, who is signed in (null: nobody), the CSRF
 * field for its forms, which page it is (for the navigation) and whether it is a narrow one.
 */
public record Chrome(String customer, String login, String csrf, String page, boolean narrow) {}
