package org.pbxauth.http.web;

/** One radio button of a form: its value, its label and a line saying what it means. */
public record Choice(String value, String label, String hint) {}
