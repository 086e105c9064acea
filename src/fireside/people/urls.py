from django.urls import path

from fireside.people import views

app_name = "people"
urlpatterns = [
    path("", views.people, name="people"),
    path("<int:person_id>/", views.person, name="person"),
]
